package io.dnwerks.contracts.campaign;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * When messages may reach a recipient, in the recipient's wall-clock time: from {@code opens}
 * (inclusive) to {@code closes} (exclusive) on each of {@code days}. A window never spans midnight:
 * the rules it models (47 CFR 64.1200(c)(1), state statutes) are all daytime hours, and a window
 * within one day keeps the arithmetic across DST exact. A window is always open at some time of
 * the week, so that "no time left" is an explicit {@link Optional#empty()} from
 * {@link #narrowedBy(SendingWindow)} rather than a window that silently never opens.
 *
 * <p>Written as {@code HH:mm-HH:mm [DAYS]}, DAYS being a comma-separated list of days
 * ({@code MON} to {@code SUN}) and ranges of days ({@code MON-FRI}, wrapping allowed: {@code FRI-MON});
 * without DAYS every day. Examples: {@code 08:00-21:00}, {@code 08:00-20:00 MON-SAT},
 * {@code 10:00-12:00 MON,WED,FRI-SAT}.
 */
public record SendingWindow(LocalTime opens, LocalTime closes, Set<DayOfWeek> days) {

    public static final Set<DayOfWeek> EVERY_DAY = Collections.unmodifiableSet(EnumSet.allOf(DayOfWeek.class));

    public SendingWindow {
        if (opens == null || closes == null || days == null) {
            throw new IllegalArgumentException("a sending window needs opens, closes and days");
        }
        if (!closes.isAfter(opens)) {
            throw new IllegalArgumentException("a sending window must close after it opens on the same day: "
                    + opens + "-" + closes);
        }
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a sending window must be open on at least one day: " + opens + "-" + closes);
        }
        // EnumSet keeps the days in week order, which toString and equality between windows rely on
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    public SendingWindow(LocalTime opens, LocalTime closes) {
        this(opens, closes, EVERY_DAY);
    }

    public boolean isOpen(ZonedDateTime local) {
        return isOpen(local.toLocalDateTime());
    }

    public boolean isOpen(LocalDateTime local) {
        LocalTime t = local.toLocalTime();
        return days.contains(local.getDayOfWeek()) && !t.isBefore(opens) && t.isBefore(closes);
    }

    /**
     * The time both windows allow: the later opening, the earlier closing, the days both allow.
     * Empty when they have no time in common, which means a message under both may never go.
     */
    public Optional<SendingWindow> narrowedBy(SendingWindow other) {
        LocalTime from = opens.isAfter(other.opens) ? opens : other.opens;
        LocalTime to = closes.isBefore(other.closes) ? closes : other.closes;
        EnumSet<DayOfWeek> both = EnumSet.copyOf(days);
        both.retainAll(other.days);
        if (!to.isAfter(from) || both.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SendingWindow(from, to, both));
    }

    public boolean everyDay() {
        return days.size() == 7;
    }

    /** Reads the syntax described on the class; the message of the exception says what is wrong. */
    public static SendingWindow parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a sending window is empty; expected HH:mm-HH:mm [DAYS], e.g. 08:00-21:00 MON-SAT");
        }
        String[] parts = text.trim().split("\\s+");
        if (parts.length > 2) {
            throw new IllegalArgumentException("too many parts in sending window '" + text
                    + "'; expected HH:mm-HH:mm [DAYS] with DAYS written without spaces, e.g. 08:00-20:00 MON-FRI,SUN");
        }
        String[] times = parts[0].split("-", -1);
        if (times.length != 2) {
            throw new IllegalArgumentException("sending window '" + text + "' must start with HH:mm-HH:mm, e.g. 08:00-21:00");
        }
        LocalTime opens = time(times[0], "opening", text);
        LocalTime closes = time(times[1], "closing", text);
        Set<DayOfWeek> days = parts.length == 2 ? days(parts[1], text) : EVERY_DAY;
        return new SendingWindow(opens, closes, days);
    }

    private static LocalTime time(String value, String which, String text) {
        if ("24:00".equals(value)) {
            throw new IllegalArgumentException("the " + which + " time of sending window '" + text
                    + "' is 24:00; a window closes within its day, use 23:59");
        }
        try {
            return LocalTime.parse(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("the " + which + " time of sending window '" + text + "' is '" + value
                    + "', not a time such as 08:00");
        }
    }

    private static Set<DayOfWeek> days(String spec, String text) {
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : spec.split(",", -1)) {
            String[] range = item.split("-", -1);
            if (range.length > 2) {
                throw new IllegalArgumentException("'" + item + "' in sending window '" + text + "' is not a day or a range of days such as MON-FRI");
            }
            DayOfWeek first = day(range[0], text);
            DayOfWeek last = range.length == 2 ? day(range[1], text) : first;
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                days.add(d);
                if (d == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String name, String text) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equals(name.toUpperCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day '" + name + "' in sending window '" + text
                + "'; days are MON, TUE, WED, THU, FRI, SAT, SUN");
    }

    /** The syntax {@link #parse(String)} reads, so that a window can be logged and configured alike. */
    @Override
    public String toString() {
        String hours = opens + "-" + closes;
        if (everyDay()) {
            return hours;
        }
        StringBuilder out = new StringBuilder(hours).append(' ');
        DayOfWeek[] week = DayOfWeek.values();
        for (int i = 0; i < week.length; i++) {
            if (!days.contains(week[i])) {
                continue;
            }
            int j = i;
            while (j + 1 < week.length && days.contains(week[j + 1])) {
                j++;
            }
            if (out.charAt(out.length() - 1) != ' ') {
                out.append(',');
            }
            out.append(abbreviation(week[i]));
            if (j > i) {
                out.append('-').append(abbreviation(week[j]));
            }
            i = j;
        }
        return out.toString();
    }

    private static String abbreviation(DayOfWeek d) {
        return d.name().substring(0, 3);
    }
}
