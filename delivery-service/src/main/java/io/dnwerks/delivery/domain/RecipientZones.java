package io.dnwerks.delivery.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a recipient may be: the time zone the customer gave, else the zones their number points to.
 * When the number allows several zones all of them are returned, and the sending window must be open
 * in each (a message to a US number of unknown state may only go while it is daytime from Hawaii to
 * Maine). Also finds the {@link RegionRule}s that apply to the number, which hold whatever zone the
 * customer gave.
 */
public final class RecipientZones {

    /** How the zones were found, for the message's record: {@code customer}, {@code area-code:US-FL}, {@code country:DE}, {@code unknown}. */
    public record Resolution(List<ZoneId> zones, String basis, List<RegionRule> rules) {

        public static final String CUSTOMER = "customer";
        public static final String UNKNOWN = "unknown";

        public Resolution {
            zones = List.copyOf(zones);
            rules = List.copyOf(rules);
        }

        public boolean known() {
            return !zones.isEmpty();
        }
    }

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /**
     * Regions libphonenumber numbers but CLDR, and so ICU, gives no zone (checked against ICU 77.1):
     * without these their numbers would be unknown though each has a single zone.
     */
    private static final Map<String, List<ZoneId>> ZONES_ICU_LACKS = Map.of(
            "XK", List.of(ZoneId.of("Europe/Belgrade")),
            "AC", List.of(ZoneId.of("Atlantic/St_Helena")),
            "TA", List.of(ZoneId.of("Atlantic/St_Helena")));

    private static final Map<String, List<ZoneId>> ZONES_BY_REGION = new ConcurrentHashMap<>();

    private final Map<String, List<RegionRule>> rulesByAreaCode = new HashMap<>();
    private final Map<String, List<RegionRule>> rulesByCountry = new HashMap<>();

    public RecipientZones(List<RegionRule> rules) {
        for (RegionRule rule : rules) {
            if (rule.areaCodes().isEmpty()) {
                rulesByCountry.computeIfAbsent(rule.region(), r -> new ArrayList<>()).add(rule);
            }
            for (String code : rule.areaCodes()) {
                rulesByAreaCode.computeIfAbsent(code, c -> new ArrayList<>()).add(rule);
            }
        }
    }

    public Resolution resolve(String phoneE164, String customerTimezone) {
        PhoneNumber number = parse(phoneE164);
        String region = number == null ? null : regionOf(number);
        List<RegionRule> areaCodeRules = number == null ? List.of() : rulesForAreaCode(number);
        List<RegionRule> rules = new ArrayList<>(areaCodeRules);
        if (region != null) {
            rules.addAll(rulesByCountry.getOrDefault(region, List.of()));
        }

        Optional<ZoneId> stated = statedZone(customerTimezone);
        if (stated.isPresent()) {
            return new Resolution(List.of(stated.get()), Resolution.CUSTOMER, rules);
        }
        for (RegionRule rule : areaCodeRules) {
            if (!rule.zones().isEmpty()) {
                // the first rule's zones: two rules for one area code name the same state
                return new Resolution(rule.zones(), "area-code:" + rule.region(), rules);
            }
        }
        if (region != null) {
            List<ZoneId> zones = zonesOfRegion(region);
            if (!zones.isEmpty()) {
                return new Resolution(zones, "country:" + region, rules);
            }
        }
        return new Resolution(List.of(), Resolution.UNKNOWN, rules);
    }

    /**
     * The zone a customer or campaign gave, if they gave one. UTC, and any other fixed offset of
     * zero, is the column default that nobody chose, so it says nothing about where the recipient
     * is; an id the JDK does not know says nothing either.
     */
    public static Optional<ZoneId> statedZone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return Optional.empty();
        }
        try {
            ZoneId zone = ZoneId.of(timezone.trim());
            return zone.normalized().equals(ZoneOffset.UTC) ? Optional.empty() : Optional.of(zone);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The zones of a country (ISO 3166-1 code) from ICU's data, under their current IANA names. */
    public static List<ZoneId> zonesOfRegion(String region) {
        return ZONES_BY_REGION.computeIfAbsent(region, RecipientZones::lookUpZones);
    }

    private static List<ZoneId> lookUpZones(String region) {
        List<ZoneId> lacking = ZONES_ICU_LACKS.get(region);
        if (lacking != null) {
            return lacking;
        }
        Set<String> ids = com.ibm.icu.util.TimeZone.getAvailableIDs(
                com.ibm.icu.util.TimeZone.SystemTimeZoneType.CANONICAL_LOCATION, region, null);
        List<ZoneId> zones = new ArrayList<>();
        for (String id : ids) {
            // ICU's canonical ids are CLDR's (Asia/Calcutta); the IANA name (Asia/Kolkata) is what
            // customers give and what a zone compares equal to
            String iana = com.ibm.icu.util.TimeZone.getIanaID(id);
            try {
                zones.add(ZoneId.of(iana));
            } catch (DateTimeException e) {
                // a zone newer than the JDK's tzdata: the others of the region still bound the window
            }
        }
        return List.copyOf(zones);
    }

    private static PhoneNumber parse(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        try {
            return PHONES.parse(phone, null);
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String regionOf(PhoneNumber number) {
        String region = PHONES.getRegionCodeForNumber(number);
        if (region == null) {
            // libphonenumber places only numbers it deems valid; its data may lag a new range, and a
            // country code that one country uses still says which country
            List<String> regions = PHONES.getRegionCodesForCountryCode(number.getCountryCode());
            region = regions.size() == 1 ? regions.get(0) : null;
        }
        return region == null || PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region) ? null : region;
    }

    private List<RegionRule> rulesForAreaCode(PhoneNumber number) {
        if (number.getCountryCode() != 1) {
            return List.of();
        }
        String national = String.valueOf(number.getNationalNumber());
        // the area code is what the statutes go by, so it counts even when libphonenumber deems the
        // rest of the number invalid
        return national.length() == 10 ? rulesByAreaCode.getOrDefault(national.substring(0, 3), List.of()) : List.of();
    }
}
