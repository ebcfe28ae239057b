package io.dnwerks.delivery.domain;

import io.dnwerks.contracts.campaign.SendingWindow;
import io.dnwerks.delivery.domain.QuietHours.Recipient;
import io.dnwerks.delivery.domain.QuietHours.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expected instants are worked out by hand from the offsets: EST -5, EDT -4, CST -6, CDT -5, MST -7
 * (Phoenix all year), MDT -6, PST -8, PDT -7, HST -10, CET +1, CEST +2, IST +5:30. US DST 2027 starts
 * Sunday 03-14 at 02:00 local and ends Sunday 11-07 at 02:00 local; EU DST starts Sunday 03-28 and
 * ends Sunday 10-31, both at 01:00Z. 2027-06-13 is a Sunday, 2027-06-15 a Tuesday.
 */
class QuietHoursTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ZoneId PHOENIX = ZoneId.of("America/Phoenix");
    private static final ZoneId DENVER = ZoneId.of("America/Denver");

    private static final SendingWindow FEDERAL = QuietHours.FEDERAL_WINDOW;
    private static final String MIAMI = "+13055550123";
    private static final String GERMAN = "+4915112345678";

    private final QuietHours standard = QuietHours.standard();

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static Optional<Instant> next(String now, SendingWindow window, ZoneId... zones) {
        return QuietHours.nextOpening(at(now), window, List.of(zones));
    }

    private static boolean open(String now, SendingWindow window, ZoneId... zones) {
        return QuietHours.isOpen(at(now), window, List.of(zones));
    }

    private static Optional<Instant> in(String instant) {
        return Optional.of(at(instant));
    }

    // ---- window arithmetic on the timeline

    @Test
    void newYorkOnTheDayClocksSpringForward() {
        // Saturday is still EST: 08:00 = 13:00Z
        assertEquals(in("2027-03-13T13:00:00Z"), next("2027-03-13T12:30:00Z", FEDERAL, NEW_YORK));
        // from Saturday 21:00 EST, overnight across the jump, to Sunday 08:00 EDT = 12:00Z, not 13:00Z
        assertEquals(in("2027-03-14T12:00:00Z"), next("2027-03-14T02:00:00Z", FEDERAL, NEW_YORK));
        assertFalse(open("2027-03-14T11:30:00Z", FEDERAL, NEW_YORK), "07:30 EDT");
        assertEquals(in("2027-03-14T12:00:00Z"), next("2027-03-14T11:30:00Z", FEDERAL, NEW_YORK));
        assertTrue(open("2027-03-14T12:30:00Z", FEDERAL, NEW_YORK), "08:30 EDT");
        assertEquals(in("2027-03-14T12:30:00Z"), next("2027-03-14T12:30:00Z", FEDERAL, NEW_YORK), "open now: now");
        // 21:00 EDT = 01:00Z the next day
        assertTrue(open("2027-03-15T00:59:59Z", FEDERAL, NEW_YORK));
        assertFalse(open("2027-03-15T01:00:00Z", FEDERAL, NEW_YORK));
        assertEquals(in("2027-03-15T12:00:00Z"), next("2027-03-15T01:00:00Z", FEDERAL, NEW_YORK));
    }

    @Test
    void newYorkOnTheDayClocksFallBack() {
        // Saturday 11-06 is EDT: 08:30 EDT = 12:30Z is open; on Sunday 12:30Z is 07:30 EST
        assertTrue(open("2027-11-06T12:30:00Z", FEDERAL, NEW_YORK));
        assertFalse(open("2027-11-07T12:30:00Z", FEDERAL, NEW_YORK));
        // from Saturday 21:00 EDT (01:00Z) to Sunday 08:00 EST = 13:00Z
        assertEquals(in("2027-11-07T13:00:00Z"), next("2027-11-07T01:00:00Z", FEDERAL, NEW_YORK));
        // 21:00 EST = 02:00Z the next day
        assertTrue(open("2027-11-08T01:59:00Z", FEDERAL, NEW_YORK));
        assertFalse(open("2027-11-08T02:00:00Z", FEDERAL, NEW_YORK));
    }

    @Test
    void berlinAcrossTheEuropeanChanges() {
        // Saturday 03-27, CET: 08:00 = 07:00Z; Sunday 03-28, CEST: 08:00 = 06:00Z, 21:00 = 19:00Z
        assertEquals(in("2027-03-27T07:00:00Z"), next("2027-03-27T06:30:00Z", FEDERAL, BERLIN));
        assertEquals(in("2027-03-28T06:00:00Z"), next("2027-03-27T20:00:00Z", FEDERAL, BERLIN));
        assertTrue(open("2027-03-28T18:59:00Z", FEDERAL, BERLIN));
        assertFalse(open("2027-03-28T19:00:00Z", FEDERAL, BERLIN));
        // Saturday 10-30, CEST: 21:00 = 19:00Z; Sunday 10-31, CET: 08:00 = 07:00Z, 21:00 = 20:00Z
        assertEquals(in("2027-10-31T07:00:00Z"), next("2027-10-30T19:00:00Z", FEDERAL, BERLIN));
        assertFalse(open("2027-10-31T06:30:00Z", FEDERAL, BERLIN), "07:30 CET");
        assertTrue(open("2027-10-31T19:59:00Z", FEDERAL, BERLIN));
        assertFalse(open("2027-10-31T20:00:00Z", FEDERAL, BERLIN));
    }

    @Test
    void kolkataIsHalfAnHourOffTheHour() {
        // IST +05:30: 08:00 = 02:30Z, 21:00 = 15:30Z
        assertEquals(in("2027-01-10T02:30:00Z"), next("2027-01-10T00:00:00Z", FEDERAL, KOLKATA));
        assertTrue(open("2027-01-10T15:29:00Z", FEDERAL, KOLKATA));
        assertFalse(open("2027-01-10T15:30:00Z", FEDERAL, KOLKATA));
        assertEquals(in("2027-01-11T02:30:00Z"), next("2027-01-10T15:30:00Z", FEDERAL, KOLKATA));
    }

    @Test
    void lordHoweMovesItsClocksByHalfAnHour() {
        // Australia/Lord_Howe: +11:00 until Sunday 2027-04-04 02:00 local (= 04-03T15:00Z), then +10:30;
        // from Saturday 23:00 +11:00 to Sunday 08:00 +10:30 = 04-03T21:30Z
        ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
        assertEquals(in("2027-04-02T21:00:00Z"), next("2027-04-02T12:00:00Z", FEDERAL, lordHowe), "Saturday 08:00 +11:00");
        assertEquals(in("2027-04-03T21:30:00Z"), next("2027-04-03T12:00:00Z", FEDERAL, lordHowe));
    }

    @Test
    void phoenixKeepsMountainStandardTimeAllYear() {
        // MST -7 in January and July alike: 08:00 = 15:00Z
        assertEquals(in("2027-01-15T15:00:00Z"), next("2027-01-15T12:00:00Z", FEDERAL, PHOENIX));
        assertEquals(in("2027-07-15T15:00:00Z"), next("2027-07-15T12:00:00Z", FEDERAL, PHOENIX));
        // while Denver in July keeps MDT -6: 08:00 = 14:00Z
        assertEquals(in("2027-07-15T14:00:00Z"), next("2027-07-15T12:00:00Z", FEDERAL, DENVER));
    }

    @Test
    void withTwoZonesTheWindowIsOpenOnlyWhileOpenInBoth() {
        // June: opens at 08:00 PDT = 15:00Z = 11:00 EDT, closes at 21:00 EDT = 01:00Z = 18:00 PDT
        assertTrue(open("2027-06-15T12:00:00Z", FEDERAL, NEW_YORK), "08:00 EDT on its own");
        assertEquals(in("2027-06-15T15:00:00Z"), next("2027-06-15T12:00:00Z", FEDERAL, NEW_YORK, LOS_ANGELES));
        assertTrue(open("2027-06-16T00:59:00Z", FEDERAL, NEW_YORK, LOS_ANGELES));
        assertFalse(open("2027-06-16T01:00:00Z", FEDERAL, NEW_YORK, LOS_ANGELES));
        assertEquals(in("2027-06-16T15:00:00Z"), next("2027-06-16T01:00:00Z", FEDERAL, NEW_YORK, LOS_ANGELES));
        // January: 08:00 PST = 16:00Z, 21:00 EST = 02:00Z
        assertEquals(in("2027-01-12T16:00:00Z"), next("2027-01-12T02:00:00Z", FEDERAL, LOS_ANGELES, NEW_YORK));
        assertTrue(open("2027-01-13T01:59:00Z", FEDERAL, LOS_ANGELES, NEW_YORK));
        assertFalse(open("2027-01-13T02:00:00Z", FEDERAL, LOS_ANGELES, NEW_YORK));
    }

    @Test
    void zonesWhoseWindowsNeverMeetHaveNoOpening() {
        // 08:00-09:00 IST = 02:30-03:30Z; 08:00-09:00 PDT = 15:00-16:00Z
        SendingWindow hour = SendingWindow.parse("08:00-09:00");
        assertTrue(next("2027-06-15T00:00:00Z", hour, KOLKATA).isPresent());
        assertTrue(next("2027-06-15T00:00:00Z", hour, LOS_ANGELES).isPresent());
        assertEquals(Optional.empty(), next("2027-06-15T00:00:00Z", hour, KOLKATA, LOS_ANGELES));
        assertEquals(Optional.empty(), QuietHours.nextOpening(at("2027-06-15T00:00:00Z"), FEDERAL, List.of()), "no zone, no opening");
    }

    @Test
    void zonesOnEitherSideOfTheDateLineNeverShareASunday() {
        // Kiritimati (+14) has Sunday from Saturday 10:00Z to Sunday 10:00Z, Pago Pago (-11) from
        // Sunday 11:00Z to Monday 11:00Z
        SendingWindow sundays = SendingWindow.parse("00:00-23:59 SUN");
        ZoneId kiritimati = ZoneId.of("Pacific/Kiritimati");
        ZoneId pagoPago = ZoneId.of("Pacific/Pago_Pago");
        assertEquals(in("2027-06-19T10:00:00Z"), next("2027-06-15T00:00:00Z", sundays, kiritimati));
        assertEquals(in("2027-06-20T11:00:00Z"), next("2027-06-15T00:00:00Z", sundays, pagoPago));
        assertEquals(Optional.empty(), next("2027-06-15T00:00:00Z", sundays, kiritimati, pagoPago));
    }

    @Test
    void anOpeningBeyondTheFirstDaysIsStillFound() {
        // Sundays only, from Monday 06-14: Sunday 06-20 08:00 CEST = 06:00Z
        SendingWindow sundays = SendingWindow.parse("08:00-21:00 SUN");
        assertEquals(in("2027-06-20T06:00:00Z"), next("2027-06-14T12:00:00Z", sundays, BERLIN));
    }

    @Test
    void aWindowOpeningInTheSpringGapOpensWhenTheClockJumpsPastIt() {
        // 2027-03-14 in New York: 02:00 EST (07:00Z) becomes 03:00 EDT; 02:30 never shows, the clock
        // reads past it from 07:00Z on
        SendingWindow night = SendingWindow.parse("02:30-05:00");
        assertEquals(in("2027-03-13T07:30:00Z"), next("2027-03-13T06:00:00Z", night, NEW_YORK), "the day before: 02:30 EST");
        assertFalse(open("2027-03-14T06:59:59Z", night, NEW_YORK), "01:59:59 EST");
        assertEquals(in("2027-03-14T07:00:00Z"), next("2027-03-14T06:00:00Z", night, NEW_YORK));
        assertTrue(open("2027-03-14T08:59:00Z", night, NEW_YORK), "04:59 EDT");
        assertFalse(open("2027-03-14T09:00:00Z", night, NEW_YORK), "05:00 EDT");
    }

    @Test
    void aWindowClosingInTheSpringGapClosesWhenTheClockJumpsPastIt() {
        SendingWindow night = SendingWindow.parse("01:00-02:30");
        assertEquals(in("2027-03-14T06:00:00Z"), next("2027-03-14T05:00:00Z", night, NEW_YORK), "01:00 EST");
        assertTrue(open("2027-03-14T06:59:00Z", night, NEW_YORK), "01:59 EST");
        assertFalse(open("2027-03-14T07:00:00Z", night, NEW_YORK), "03:00 EDT");
        assertEquals(in("2027-03-15T05:00:00Z"), next("2027-03-14T07:00:00Z", night, NEW_YORK), "01:00 EDT the next day");
    }

    @Test
    void inTheRepeatedAutumnHourTheWindowFollowsTheClock() {
        // 2027-11-07 in New York: 02:00 EDT (06:00Z) becomes 01:00 EST; the clock reads 01:00-02:00 twice
        SendingWindow night = SendingWindow.parse("01:30-03:00");
        assertEquals(in("2027-11-07T05:30:00Z"), next("2027-11-07T04:00:00Z", night, NEW_YORK), "01:30 EDT");
        assertTrue(open("2027-11-07T05:59:00Z", night, NEW_YORK), "01:59 EDT");
        assertFalse(open("2027-11-07T06:10:00Z", night, NEW_YORK), "01:10 EST: before 01:30 again");
        assertEquals(in("2027-11-07T06:30:00Z"), next("2027-11-07T06:10:00Z", night, NEW_YORK), "01:30 EST");
        assertTrue(open("2027-11-07T07:59:00Z", night, NEW_YORK), "02:59 EST");
        assertFalse(open("2027-11-07T08:00:00Z", night, NEW_YORK), "03:00 EST");
    }

    /**
     * Against a plain oracle: each minute, is the wall clock inside the window in every zone. All
     * these windows and transitions fall on whole minutes, so the first open minute is the opening.
     */
    @Test
    void agreesWithAMinuteByMinuteWalkAroundTransitions() {
        walk("2027-03-12T00:00:00Z", FEDERAL, NEW_YORK, LOS_ANGELES);
        walk("2027-11-05T00:00:00Z", FEDERAL, NEW_YORK, CHICAGO);
        walk("2027-10-29T00:00:00Z", FEDERAL, BERLIN, KOLKATA);
        walk("2027-03-12T00:00:00Z", FEDERAL, PHOENIX, DENVER);
        walk("2027-04-01T00:00:00Z", SendingWindow.parse("07:00-22:00 SAT-MON"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Pacific/Chatham"));
        walk("2027-03-12T00:00:00Z", SendingWindow.parse("02:30-05:00"), NEW_YORK);
        walk("2027-11-05T00:00:00Z", SendingWindow.parse("01:30-03:00"), NEW_YORK);
        walk("2027-03-26T00:00:00Z", SendingWindow.parse("02:15-02:45 SUN"), BERLIN);
    }

    private static void walk(String start, SendingWindow window, ZoneId... zones) {
        int minutes = 5 * 24 * 60;
        Instant from = at(start);
        boolean[] open = new boolean[minutes];
        for (int m = 0; m < minutes; m++) {
            Instant t = from.plusSeconds(60L * m);
            boolean all = true;
            for (ZoneId z : zones) {
                all &= window.isOpen(t.atZone(z));
            }
            open[m] = all;
        }
        int[] firstOpen = new int[minutes + 1];
        firstOpen[minutes] = -1;
        for (int m = minutes - 1; m >= 0; m--) {
            firstOpen[m] = open[m] ? m : firstOpen[m + 1];
        }
        for (int m = 0; m < 3 * 24 * 60; m += 7) {
            // 17 seconds into the minute: the opening is now if this minute is open, else a later minute
            Instant now = from.plusSeconds(60L * m + 17);
            Optional<Instant> expected = open[m] ? Optional.of(now)
                    : firstOpen[m + 1] < 0 ? null : Optional.of(from.plusSeconds(60L * firstOpen[m + 1]));
            Optional<Instant> actual = QuietHours.nextOpening(now, window, List.of(zones));
            if (expected == null) {
                assertTrue(actual.isEmpty() || actual.get().isAfter(from.plusSeconds(60L * minutes)),
                        window + " " + List.of(zones) + " at " + now + ": " + actual);
            } else {
                assertEquals(expected, actual, window + " " + List.of(zones) + " at " + now);
            }
            assertEquals(open[m], QuietHours.isOpen(now, window, List.of(zones)), window + " at " + now);
        }
    }

    // ---- recipients, rules and campaigns

    @Test
    void aFloridaNumberWithoutAZoneWaitsForCentralTimeAndStopsAtEightEastern() {
        Recipient miami = new Recipient(MIAMI, "UTC");
        // June: 08:00 CDT = 13:00Z; 20:00 EDT = 00:00Z
        Verdict early = standard.decide(at("2027-06-15T12:30:00Z"), miami, null, null);
        assertFalse(early.sendNow(), "08:30 in Miami, but 07:30 in Pensacola");
        assertEquals(in("2027-06-15T13:00:00Z"), early.opening());
        assertEquals("area-code:US-FL", early.where().basis());
        assertEquals(Optional.of(SendingWindow.parse("08:00-20:00")), early.window());
        assertTrue(standard.isOpen(at("2027-06-15T23:59:00Z"), miami, null));
        assertFalse(standard.isOpen(at("2027-06-16T00:00:00Z"), miami, null), "20:00 EDT: Florida's end, an hour before the federal one");
        assertEquals(in("2027-06-16T13:00:00Z"), standard.nextOpening(at("2027-06-16T00:00:00Z"), miami, null));
        // January: 08:00 CST = 14:00Z; 20:00 EST = 01:00Z
        assertEquals(in("2027-01-12T14:00:00Z"), standard.nextOpening(at("2027-01-12T12:00:00Z"), miami, null));
        assertTrue(standard.isOpen(at("2027-01-13T00:59:00Z"), miami, null));
        assertFalse(standard.isOpen(at("2027-01-13T01:00:00Z"), miami, null));
    }

    @Test
    void aFloridaNumberOfACustomerInLosAngelesKeepsFloridasHoursInPacificTime() {
        Recipient movedWest = new Recipient(MIAMI, "America/Los_Angeles");
        // 19:59 PDT = 02:59Z open; 20:00 PDT = 03:00Z shut, where the federal window runs to 21:00
        assertTrue(standard.isOpen(at("2027-06-16T02:59:00Z"), movedWest, null));
        assertFalse(standard.isOpen(at("2027-06-16T03:00:00Z"), movedWest, null));
        // 08:00 PDT = 15:00Z
        assertEquals(in("2027-06-16T15:00:00Z"), standard.nextOpening(at("2027-06-16T03:00:00Z"), movedWest, null));
    }

    @Test
    void oklahomaEndsAtEightCentral() {
        Recipient tulsa = new Recipient("+19185550123", null);
        // 20:00 CDT = 01:00Z
        assertTrue(standard.isOpen(at("2027-06-16T00:59:00Z"), tulsa, null));
        assertFalse(standard.isOpen(at("2027-06-16T01:00:00Z"), tulsa, null));
    }

    @Test
    void otherAreaCodesKeepTheFederalWindow() {
        Recipient manhattan = new Recipient("+12125550123", "America/New_York");
        // 20:30 EDT = 00:30Z: past Florida's 20:00, within the federal 21:00
        assertTrue(standard.isOpen(at("2027-06-16T00:30:00Z"), manhattan, null));
        assertFalse(standard.isOpen(at("2027-06-16T01:00:00Z"), manhattan, null));
    }

    @Test
    void aUsNumberOfUnknownStateWaitsForHawaiiAndStopsWithTheEastCoast() {
        Recipient somewhere = new Recipient("+12125550123", "UTC");
        // June: the last to reach 08:00 is Honolulu (HST -10) at 18:00Z; the first to reach 21:00 is
        // the east coast (EDT -4) at 01:00Z
        assertEquals(in("2027-06-15T18:00:00Z"), standard.nextOpening(at("2027-06-15T12:00:00Z"), somewhere, null));
        assertTrue(standard.isOpen(at("2027-06-16T00:59:00Z"), somewhere, null));
        assertFalse(standard.isOpen(at("2027-06-16T01:00:00Z"), somewhere, null));
    }

    @Test
    void aCustomerTimezoneOfUtcCountsAsUnsetAndTheNumberDecides() {
        Recipient berliner = new Recipient(GERMAN, "UTC");
        // 08:00 CEST = 06:00Z; taken at its word, UTC would have opened at 08:00Z
        Verdict v = standard.decide(at("2027-06-15T05:00:00Z"), berliner, null, null);
        assertEquals(in("2027-06-15T06:00:00Z"), v.opening());
        assertEquals("country:DE", v.where().basis());
    }

    @Test
    void anIndianNumberOpensAtHalfPastTwoUtc() {
        assertEquals(in("2027-01-10T02:30:00Z"), standard.nextOpening(at("2027-01-10T00:00:00Z"), new Recipient("+919876543210", null), null));
    }

    @Test
    void aCampaignWindowNarrowsTheDay() {
        Recipient berliner = new Recipient(GERMAN, "Europe/Berlin");
        SendingWindow lateMorning = SendingWindow.parse("10:00-12:00");
        // 10:00 CEST = 08:00Z; 12:00 CEST = 10:00Z
        assertEquals(in("2027-06-15T08:00:00Z"), standard.nextOpening(at("2027-06-15T07:00:00Z"), berliner, lateMorning));
        assertTrue(standard.isOpen(at("2027-06-15T09:59:00Z"), berliner, lateMorning));
        assertFalse(standard.isOpen(at("2027-06-15T10:00:00Z"), berliner, lateMorning));
        assertEquals(in("2027-06-16T08:00:00Z"), standard.nextOpening(at("2027-06-15T10:00:00Z"), berliner, lateMorning));
        assertTrue(standard.isOpen(at("2027-06-15T10:00:00Z"), berliner, null), "without the campaign's window, 12:00 is open");
    }

    @Test
    void windowsWithNoTimeInCommonLeaveNoOpening() {
        Instant now = at("2027-06-15T12:00:00Z");
        Verdict late = standard.decide(now, new Recipient(GERMAN, "Europe/Berlin"), SendingWindow.parse("21:30-23:00"), null);
        assertTrue(late.never());
        assertEquals(Optional.empty(), late.window());
        assertTrue(late.reason().contains("no time in common"), late.reason());
        // 20:00-21:00 is within the federal window, but not within Florida's
        SendingWindow evening = SendingWindow.parse("20:00-21:00");
        assertTrue(standard.nextOpening(now, new Recipient("+12125550123", "America/New_York"), evening).isPresent());
        Verdict florida = standard.decide(now, new Recipient(MIAMI, "America/New_York"), evening, null);
        assertTrue(florida.never());
        assertTrue(florida.reason().contains("US-FL 08:00-20:00"), florida.reason());
    }

    @Test
    void aRuleMayForbidSundays() {
        List<RegionRule> rules = new ArrayList<>(QuietHours.builtInRules());
        rules.add(RegionRule.parse("DE 09:00-20:00 MON-SAT"));
        QuietHours noSundays = new QuietHours(FEDERAL, rules, List.of());
        Recipient berliner = new Recipient(GERMAN, "Europe/Berlin");
        // Saturday 10:00 CEST = 08:00Z open; Sunday the same hour waits for Monday 09:00 CEST = 07:00Z
        assertTrue(noSundays.isOpen(at("2027-06-12T08:00:00Z"), berliner, null));
        assertFalse(noSundays.isOpen(at("2027-06-13T08:00:00Z"), berliner, null));
        assertEquals(in("2027-06-14T07:00:00Z"), noSundays.nextOpening(at("2027-06-13T08:00:00Z"), berliner, null));
        assertTrue(standard.isOpen(at("2027-06-13T08:00:00Z"), berliner, null), "no such rule built in");
    }

    @Test
    void aRecipientOfUnknownZoneIsNotSentToOnAGuess() {
        Recipient nowhere = new Recipient("+80012345678", "UTC");
        Instant now = at("2027-06-15T05:00:00Z");
        Verdict v = standard.decide(now, nowhere, null, null);
        assertTrue(v.never());
        assertFalse(v.sendNow());
        assertEquals("unknown", v.where().basis());
        assertTrue(v.reason().contains("unknown"), v.reason());
        assertTrue(standard.decide(now, nowhere, null, "UTC").never(), "a campaign's UTC is no statement either");
        assertTrue(standard.decide(now, new Recipient("not a number", null), null, null).never());
    }

    @Test
    void aRecipientOfUnknownZoneTakesTheCampaignsZone() {
        Verdict v = standard.decide(at("2027-06-15T05:00:00Z"), new Recipient("+80012345678", null), null, "Europe/Berlin");
        // 08:00 CEST = 06:00Z
        assertEquals(in("2027-06-15T06:00:00Z"), v.opening());
        assertEquals("campaign-timezone", v.where().basis());
        assertEquals(List.of(BERLIN), v.where().zones());
    }

    @Test
    void aRecipientOfUnknownZoneTakesTheConfiguredZonesWhenThereAreSome() {
        QuietHours utcForUnknown = new QuietHours(FEDERAL, QuietHours.builtInRules(), List.of(ZoneOffset.UTC));
        Verdict v = utcForUnknown.decide(at("2027-06-15T05:00:00Z"), new Recipient("+80012345678", null), null, null);
        assertEquals(in("2027-06-15T08:00:00Z"), v.opening());
        assertEquals("unknown-zones", v.where().basis());
        Verdict campaignFirst = utcForUnknown.decide(at("2027-06-15T05:00:00Z"), new Recipient("+80012345678", null), null, "Europe/Berlin");
        assertEquals(in("2027-06-15T06:00:00Z"), campaignFirst.opening(), "the campaign's zone comes first");
    }

    @Test
    void aBatchSplitsIntoWhatGoesNowWhatWaitsAndWhatNeverGoes() {
        // Tuesday 14:00Z: 10:00 EDT, 07:00 PDT
        Instant now = at("2027-06-15T14:00:00Z");
        Verdict newYork = standard.decide(now, new Recipient("+12125550123", "America/New_York"), null, null);
        Verdict losAngeles = standard.decide(now, new Recipient("+13105550123", "America/Los_Angeles"), null, null);
        Verdict nowhere = standard.decide(now, new Recipient("+80012345678", null), null, null);
        assertTrue(newYork.sendNow());
        assertEquals(Optional.of(now), newYork.opening());
        assertFalse(losAngeles.sendNow());
        assertFalse(losAngeles.never());
        assertEquals(in("2027-06-15T15:00:00Z"), losAngeles.opening(), "08:00 PDT");
        assertTrue(losAngeles.reason().contains("opens at 2027-06-15T15:00:00Z"), losAngeles.reason());
        assertTrue(nowhere.never());
    }

    // ---- configuration

    @Test
    void readsARegionRule() {
        RegionRule ok = RegionRule.parse("US-OK 08:00-20:00 zones=America/Chicago area-codes=405,539,572,580,918");
        assertEquals("US-OK", ok.region());
        assertEquals(SendingWindow.parse("08:00-20:00"), ok.window());
        assertEquals(List.of(CHICAGO), ok.zones());
        assertEquals(Set.of("405", "539", "572", "580", "918"), ok.areaCodes());
        assertEquals("US-OK 08:00-20:00 zones=America/Chicago area-codes=405,539,572,580,918", ok.toString());
        RegionRule sundays = RegionRule.parse("us-xx 09:00-18:00 MON-SAT area-codes=212");
        assertEquals("US-XX", sundays.region());
        assertEquals(SendingWindow.parse("09:00-18:00 MON-SAT"), sundays.window());
        assertTrue(sundays.zones().isEmpty(), "the number's country's zones then");
        assertEquals(sundays, RegionRule.parse(sundays.toString()));
    }

    @Test
    void refusesARegionRuleItCannotUseAndSaysWhy() {
        assertRuleMessage("'12'", "US-XX 08:00-20:00 area-codes=12");
        assertRuleMessage("'105'", "US-XX 08:00-20:00 area-codes=105");
        assertRuleMessage("country code", "US-XX 08:00-20:00");
        assertRuleMessage("Mars/Base", "US-FL 08:00-20:00 zones=Mars/Base area-codes=305");
        assertRuleMessage("colour=red", "US-FL 08:00-20:00 colour=red area-codes=305");
        assertRuleMessage("region and a window", "US-FL");
        assertRuleMessage("close after", "US-FL 20:00-08:00 area-codes=305");
        assertRuleMessage("empty", "US-FL 08:00-20:00 area-codes=");
    }

    private static void assertRuleMessage(String expected, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegionRule.parse(text), text);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should mention " + expected);
    }
}
