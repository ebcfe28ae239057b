package io.dnwerks.contracts.campaign;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SendingWindowTest {

    /** 47 CFR 64.1200(c)(1), as delivery-service's QuietHours.FEDERAL_WINDOW has it */
    private static final SendingWindow FEDERAL = new SendingWindow(LocalTime.of(8, 0), LocalTime.of(21, 0));

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static ZonedDateTime berlin(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), BERLIN);
    }

    @Test
    void readsHoursAndARangeOfDays() {
        SendingWindow w = SendingWindow.parse("08:00-20:00 MON-SAT");
        assertEquals(LocalTime.of(8, 0), w.opens());
        assertEquals(LocalTime.of(20, 0), w.closes());
        assertEquals(EnumSet.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY), w.days());
    }

    @Test
    void withoutDaysItIsOpenEveryDay() {
        SendingWindow w = SendingWindow.parse(" 08:00-21:00 ");
        assertEquals(EnumSet.allOf(DayOfWeek.class), w.days());
        assertEquals(new SendingWindow(LocalTime.of(8, 0), LocalTime.of(21, 0)), w);
    }

    @Test
    void readsListsRangesThatWrapAndLowerCase() {
        assertEquals(EnumSet.of(MONDAY, WEDNESDAY, FRIDAY, SATURDAY, SUNDAY),
                SendingWindow.parse("10:00-12:00 MON,WED,FRI-SUN").days());
        assertEquals(EnumSet.of(FRIDAY, SATURDAY, SUNDAY, MONDAY), SendingWindow.parse("09:00-17:00 FRI-MON").days());
        assertEquals(EnumSet.of(SUNDAY), SendingWindow.parse("09:00-17:00 sun").days());
    }

    @Test
    void printsWhatItReads() {
        for (String text : new String[] {"08:00-21:00", "08:00-20:00 MON-SAT", "10:00-12:00 MON,WED,FRI-SUN", "09:30-17:15 TUE"}) {
            assertEquals(text, SendingWindow.parse(text).toString());
            assertEquals(SendingWindow.parse(text), SendingWindow.parse(SendingWindow.parse(text).toString()));
        }
        assertEquals("09:00-17:00 MON,SAT-SUN", SendingWindow.parse("09:00-17:00 SAT-MON").toString(), "printed in week order");
    }

    @Test
    void refusesWhatItCannotReadAndSaysWhy() {
        assertMessage("close after", "21:00-08:00");
        assertMessage("close after", "08:00-08:00");
        assertMessage("opening time", "8am-9pm");
        assertMessage("closing time", "08:00-9pm");
        assertMessage("24:00", "08:00-24:00");
        assertMessage("HH:mm-HH:mm", "08:00");
        assertMessage("empty", "  ");
        assertMessage("SUNDAY", "08:00-20:00 MON-SUNDAY");
        assertMessage("too many parts", "08:00-20:00 MON FRI");
        assertMessage("MON-TUE-WED", "08:00-20:00 MON-TUE-WED");
        assertMessage("''", "08:00-20:00 MON,");
    }

    private static void assertMessage(String expected, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SendingWindow.parse(text), text);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should mention " + expected);
    }

    @Test
    void aWindowMustBeOpenOnSomeDay() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SendingWindow(LocalTime.of(8, 0), LocalTime.of(20, 0), Set.of()));
        assertTrue(e.getMessage().contains("at least one day"), e.getMessage());
    }

    @Test
    void opensAtItsOpeningAndClosesAtItsClosing() {
        SendingWindow w = FEDERAL;
        assertFalse(w.isOpen(berlin("2027-06-15T07:59:59.999")));
        assertTrue(w.isOpen(berlin("2027-06-15T08:00")), "08:00 is inside");
        assertTrue(w.isOpen(berlin("2027-06-15T20:59:59.999")));
        assertFalse(w.isOpen(berlin("2027-06-15T21:00")), "21:00 is outside");
        assertFalse(w.isOpen(berlin("2027-06-15T03:00")));
    }

    @Test
    void aWindowWithoutSundayIsShutAllSunday() {
        SendingWindow w = SendingWindow.parse("08:00-20:00 MON-SAT");
        // 2027-06-12 is a Saturday, 06-13 a Sunday, 06-14 a Monday
        assertTrue(w.isOpen(berlin("2027-06-12T10:00")));
        assertFalse(w.isOpen(berlin("2027-06-13T10:00")));
        assertTrue(w.isOpen(berlin("2027-06-14T10:00")));
    }

    @Test
    void narrowingKeepsTheTimeBothAllow() {
        SendingWindow campaign = SendingWindow.parse("10:00-22:00 MON-FRI");
        SendingWindow expected = SendingWindow.parse("10:00-21:00 MON-FRI");
        assertEquals(Optional.of(expected), FEDERAL.narrowedBy(campaign));
        assertEquals(Optional.of(expected), campaign.narrowedBy(FEDERAL), "either way round");
        assertEquals(Optional.of(SendingWindow.parse("08:00-20:00 SAT")),
                SendingWindow.parse("08:00-20:00 MON-SAT").narrowedBy(SendingWindow.parse("07:00-21:00 SAT-SUN")));
    }

    @Test
    void narrowingWithNoTimeInCommonLeavesNothing() {
        assertEquals(Optional.empty(), SendingWindow.parse("08:00-12:00").narrowedBy(SendingWindow.parse("12:00-14:00")),
                "closing is exclusive: windows that only touch share no time");
        assertEquals(Optional.empty(), SendingWindow.parse("08:00-21:00 MON-FRI").narrowedBy(SendingWindow.parse("08:00-21:00 SAT-SUN")));
        assertEquals(Optional.empty(), FEDERAL.narrowedBy(SendingWindow.parse("21:30-23:00")));
    }
}
