package io.dnwerks.delivery.domain;

import io.dnwerks.contracts.campaign.SendingWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether a message may go now, and if not when, in the recipient's local time. The window is the
 * default (federal 08:00-21:00) narrowed by every {@link RegionRule} that applies to the number and
 * by the campaign's own window; it must be open at once in every zone the recipient may be in. A
 * message outside its window waits for the next opening: quiet hours are not a failure and cost no
 * retry.
 *
 * <p>"Open" means the recipient's wall clock reads a time inside the window, on an allowed day. So a
 * window opening at a time a DST gap skips opens when the clock jumps past it (02:30 on a
 * spring-forward day opens at 03:00), and in the hour a fall-back repeats the window is open only
 * while the clock reads inside it, both times round. Real windows (08:00 and later) never meet either.
 *
 * <p>A recipient whose zone cannot be found (the customer gave none, and the number is invalid or
 * non-geographic) is given the campaign's time zone when the campaign names one, else the configured
 * {@code unknownZones}, else no opening at all: sending at a local time we cannot know could be the
 * middle of the night, and rejecting such a message with a reason that says what to fix ("set the
 * customer's time zone") is the conservative default. A valid geographic number is never unknown:
 * its country's zones bound it.
 */
public final class QuietHours {

    /** 47 CFR 64.1200(c)(1): no solicitation before 8 a.m. or after 9 p.m. at the called party's location. */
    public static final SendingWindow FEDERAL_WINDOW = new SendingWindow(LocalTime.of(8, 0), LocalTime.of(21, 0));

    /** How far ahead an opening is looked for; beyond it a message is taken to have none. */
    public static final Duration HORIZON = Duration.ofDays(14);

    /** Most windows that open at all open within a day or two, so look there before the whole horizon. */
    private static final Duration FIRST_LOOK = Duration.ofDays(3);

    private static final SendingWindow STATE_WINDOW = new SendingWindow(LocalTime.of(8, 0), LocalTime.of(20, 0));
    private static final ZoneId EASTERN = ZoneId.of("America/New_York");
    private static final ZoneId CENTRAL = ZoneId.of("America/Chicago");

    /** Who a message goes to, as the dispatcher holds it: the number and the time zone the customer gave, if any. */
    public record Recipient(String phone, String timezone) {
    }

    /**
     * The answer for one message at {@code now}. {@code opening} is {@code now} when it may go now,
     * a later instant when it must wait, empty when it never may (reject it, with {@code reason}).
     */
    public record Verdict(Instant now, Optional<Instant> opening, RecipientZones.Resolution where,
                          Optional<SendingWindow> window, String reason) {

        public boolean sendNow() {
            return opening.isPresent() && opening.get().equals(now);
        }

        public boolean never() {
            return opening.isEmpty();
        }
    }

    private final SendingWindow defaultWindow;
    private final List<ZoneId> unknownZones;
    private final RecipientZones zones;

    public QuietHours(SendingWindow defaultWindow, List<RegionRule> rules, List<ZoneId> unknownZones) {
        if (defaultWindow == null || rules == null || unknownZones == null) {
            throw new IllegalArgumentException("quiet hours need a default window, rules and unknown zones (which may be empty)");
        }
        this.defaultWindow = defaultWindow;
        this.unknownZones = List.copyOf(unknownZones);
        this.zones = new RecipientZones(List.copyOf(rules));
    }

    /** The federal window, the built-in state rules, and no guess for recipients of unknown zone. */
    public static QuietHours standard() {
        return new QuietHours(FEDERAL_WINDOW, builtInRules(), List.of());
    }

    /**
     * States whose statutes end the day at 8 p.m. Florida and Oklahoma presume that a number of their
     * area codes belongs to a resident; Florida's western panhandle keeps Central time, so a Florida
     * number without a customer's zone must respect both.
     */
    public static List<RegionRule> builtInRules() {
        return List.of(
                new RegionRule("US-FL", STATE_WINDOW,
                        Set.of("239", "305", "321", "324", "352", "386", "407", "448", "561", "645", "656", "689",
                                "727", "728", "754", "772", "786", "813", "850", "863", "904", "941", "954"),
                        List.of(EASTERN, CENTRAL)),
                new RegionRule("US-OK", STATE_WINDOW, Set.of("405", "539", "572", "580", "918"), List.of(CENTRAL)),
                new RegionRule("US-MD", STATE_WINDOW, Set.of("227", "240", "301", "410", "443", "667"), List.of(EASTERN)));
    }

    public Optional<Instant> nextOpening(Instant now, Recipient recipient, SendingWindow campaignWindow) {
        return decide(now, recipient, campaignWindow, null).opening();
    }

    public boolean isOpen(Instant now, Recipient recipient, SendingWindow campaignWindow) {
        return decide(now, recipient, campaignWindow, null).sendNow();
    }

    /**
     * @param campaignWindow   the campaign's narrower window, or null
     * @param campaignTimezone the campaign's time zone, or null; used only for a recipient whose zone is unknown
     */
    public Verdict decide(Instant now, Recipient recipient, SendingWindow campaignWindow, String campaignTimezone) {
        RecipientZones.Resolution found = zones.resolve(recipient.phone(), recipient.timezone());
        RecipientZones.Resolution where = found.known() ? found : guess(found, campaignTimezone);
        Optional<SendingWindow> window = windowFor(found.rules(), campaignWindow);
        if (window.isEmpty()) {
            return new Verdict(now, Optional.empty(), where, window,
                    "no sending time left: " + windowsOf(found.rules(), campaignWindow) + " have no time in common");
        }
        if (!where.known()) {
            return new Verdict(now, Optional.empty(), where, window,
                    "the recipient's local time is unknown: the customer gave no usable time zone and the number points to none");
        }
        Optional<Instant> opening = nextOpening(now, window.get(), where.zones());
        String in = window.get() + " in " + where.zones() + " (" + where.basis() + ")";
        String reason = opening.map(at -> at.equals(now) ? "open: " + in : "quiet hours: " + in + " opens at " + at)
                .orElse(window.get() + " is never open in all of " + where.zones() + " at once within " + HORIZON.toDays() + " days");
        return new Verdict(now, opening, where, window, reason);
    }

    private RecipientZones.Resolution guess(RecipientZones.Resolution unknown, String campaignTimezone) {
        Optional<ZoneId> campaignZone = RecipientZones.statedZone(campaignTimezone);
        if (campaignZone.isPresent()) {
            return new RecipientZones.Resolution(List.of(campaignZone.get()), "campaign-timezone", unknown.rules());
        }
        if (!unknownZones.isEmpty()) {
            return new RecipientZones.Resolution(unknownZones, "unknown-zones", unknown.rules());
        }
        return unknown;
    }

    /** The default window narrowed by the rules and the campaign's window; empty when they leave no time. */
    public Optional<SendingWindow> windowFor(List<RegionRule> rules, SendingWindow campaignWindow) {
        Optional<SendingWindow> window = Optional.of(defaultWindow);
        for (RegionRule rule : rules) {
            window = window.flatMap(w -> w.narrowedBy(rule.window()));
        }
        return campaignWindow == null ? window : window.flatMap(w -> w.narrowedBy(campaignWindow));
    }

    private String windowsOf(List<RegionRule> rules, SendingWindow campaignWindow) {
        return Stream.concat(Stream.concat(Stream.of(defaultWindow.toString()),
                                rules.stream().map(r -> r.region() + " " + r.window())),
                        Stream.ofNullable(campaignWindow).map(w -> "the campaign's " + w))
                .collect(Collectors.joining(", "));
    }

    public static boolean isOpen(Instant now, SendingWindow window, List<ZoneId> zones) {
        for (ZoneId zone : zones) {
            if (!window.isOpen(LocalDateTime.ofInstant(now, zone))) {
                return false;
            }
        }
        return !zones.isEmpty();
    }

    /**
     * The earliest instant from {@code now} on at which {@code window} is open in every zone at once,
     * within {@link #HORIZON}; {@code now} itself when it is open now. Worked out on the timeline, as
     * the instants each zone's window is open, intersected across the zones: exact whatever the
     * zones' offsets and DST transitions.
     */
    public static Optional<Instant> nextOpening(Instant now, SendingWindow window, List<ZoneId> zones) {
        if (zones.isEmpty()) {
            return Optional.empty();
        }
        if (isOpen(now, window, zones)) {
            return Optional.of(now);
        }
        Optional<Instant> soon = firstCommon(now, now.plus(FIRST_LOOK), window, zones);
        return soon.isPresent() ? soon : firstCommon(now, now.plus(HORIZON), window, zones);
    }

    /** [from, until) on the timeline. */
    private record Span(Instant from, Instant until) {
    }

    private static Optional<Instant> firstCommon(Instant from, Instant until, SendingWindow window, List<ZoneId> zones) {
        List<Span> common = openSpans(from, until, window, zones.get(0));
        for (int i = 1; i < zones.size() && !common.isEmpty(); i++) {
            common = intersect(common, openSpans(from, until, window, zones.get(i)));
        }
        return common.isEmpty() ? Optional.empty() : Optional.of(common.get(0).from());
    }

    /**
     * The spans of [from, until) in which the window is open in {@code zone}. The timeline is cut at
     * the zone's offset transitions; between two of them the wall clock is the instant plus a fixed
     * offset, so each day's window is one span there, clipped to the piece.
     */
    private static List<Span> openSpans(Instant from, Instant until, SendingWindow window, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        List<Span> spans = new ArrayList<>();
        Instant pieceFrom = from;
        while (pieceFrom.isBefore(until)) {
            ZoneOffset offset = rules.getOffset(pieceFrom);
            ZoneOffsetTransition next = rules.nextTransition(pieceFrom);
            Instant pieceUntil = next == null || next.getInstant().isAfter(until) ? until : next.getInstant();
            LocalDate last = LocalDateTime.ofInstant(pieceUntil, offset).toLocalDate();
            for (LocalDate day = LocalDateTime.ofInstant(pieceFrom, offset).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
                if (!window.days().contains(day.getDayOfWeek())) {
                    continue;
                }
                Instant opens = max(day.atTime(window.opens()).toInstant(offset), pieceFrom);
                Instant closes = min(day.atTime(window.closes()).toInstant(offset), pieceUntil);
                if (opens.isBefore(closes)) {
                    // a window a transition cuts in two stays two spans: the earliest common start is the same
                    spans.add(new Span(opens, closes));
                }
            }
            pieceFrom = pieceUntil;
        }
        return spans;
    }

    private static List<Span> intersect(List<Span> a, List<Span> b) {
        List<Span> both = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            Instant from = max(a.get(i).from(), b.get(j).from());
            Instant until = min(a.get(i).until(), b.get(j).until());
            if (from.isBefore(until)) {
                both.add(new Span(from, until));
            }
            if (a.get(i).until().isBefore(b.get(j).until())) {
                i++;
            } else {
                j++;
            }
        }
        return both;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
