package io.dnwerks.delivery.domain;

import io.dnwerks.contracts.campaign.SendingWindow;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A stricter sending window that the law of a region imposes, and how we tell that a recipient is
 * in that region. With {@code areaCodes} (NANP, three digits) the rule applies to every +1 number
 * of those area codes, whatever time zone the customer gave: Florida and Oklahoma presume by statute
 * that a call to one of their area codes reaches a resident, and for other states the area code is
 * the best evidence we have. Without area codes the rule applies to every number of the country
 * {@code region} names (ISO 3166-1, e.g. {@code FR}).
 *
 * <p>{@code zones} are where a recipient the rule applies to may be when the customer has not given
 * a time zone; empty means the zones of the number's country.
 *
 * <p>Written as {@code REGION HH:mm-HH:mm [DAYS] [zones=ZONE,...] [area-codes=NNN,...]}, e.g.
 * {@code US-OK 08:00-20:00 zones=America/Chicago area-codes=405,539,572,580,918} or
 * {@code FR 10:00-20:00 MON-FRI}; the window as in {@link SendingWindow}.
 */
public record RegionRule(String region, SendingWindow window, Set<String> areaCodes, List<ZoneId> zones) {

    public RegionRule {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("a region rule needs a region such as US-FL");
        }
        if (window == null) {
            throw new IllegalArgumentException("region rule " + region + " needs a sending window");
        }
        areaCodes = Collections.unmodifiableSet(new LinkedHashSet<>(areaCodes == null ? Set.of() : areaCodes));
        for (String code : areaCodes) {
            // NANP area codes are three digits and never start with 0 or 1
            if (code == null || !code.matches("[2-9][0-9]{2}")) {
                throw new IllegalArgumentException("region rule " + region + " has area code '" + code
                        + "'; NANP area codes are three digits from 200 to 999");
            }
        }
        zones = List.copyOf(zones == null ? List.of() : zones);
        if (areaCodes.isEmpty() && !region.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("region rule " + region
                    + " has no area codes, so its region must be a country code such as FR to say whom it applies to");
        }
    }

    public static RegionRule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a region rule is empty; expected REGION HH:mm-HH:mm [DAYS] [zones=...] [area-codes=...]");
        }
        String[] parts = text.trim().split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("region rule '" + text + "' needs a region and a window, e.g. US-FL 08:00-20:00");
        }
        StringBuilder window = new StringBuilder();
        List<ZoneId> zones = new ArrayList<>();
        Set<String> areaCodes = new LinkedHashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("zones=")) {
                for (String id : list(part, text)) {
                    try {
                        zones.add(ZoneId.of(id));
                    } catch (DateTimeException e) {
                        throw new IllegalArgumentException("region rule '" + text + "' has zone '" + id
                                + "', not an IANA time zone such as America/Chicago");
                    }
                }
            } else if (part.startsWith("area-codes=")) {
                areaCodes.addAll(list(part, text));
            } else if (part.contains("=")) {
                throw new IllegalArgumentException("region rule '" + text + "' has '" + part
                        + "'; the only settings are zones= and area-codes=");
            } else {
                window.append(window.length() == 0 ? "" : " ").append(part);
            }
        }
        return new RegionRule(parts[0].toUpperCase(Locale.ROOT), SendingWindow.parse(window.toString()), areaCodes, zones);
    }

    private static List<String> list(String part, String text) {
        String values = part.substring(part.indexOf('=') + 1);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("region rule '" + text + "' has an empty " + part);
        }
        return List.of(values.split(","));
    }

    /** The syntax {@link #parse(String)} reads. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(region).append(' ').append(window);
        if (!zones.isEmpty()) {
            out.append(" zones=").append(String.join(",", zones.stream().map(ZoneId::getId).toList()));
        }
        if (!areaCodes.isEmpty()) {
            out.append(" area-codes=").append(String.join(",", areaCodes));
        }
        return out.toString();
    }
}
