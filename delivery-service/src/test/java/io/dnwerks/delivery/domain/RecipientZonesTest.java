package io.dnwerks.delivery.domain;

import io.dnwerks.contracts.campaign.SendingWindow;
import io.dnwerks.delivery.domain.RecipientZones.Resolution;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecipientZonesTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final String GERMAN = "+4915112345678";
    private static final String MIAMI = "+13055550123";

    private final RecipientZones zones = new RecipientZones(QuietHours.builtInRules());

    private static RegionRule rule(List<RegionRule> rules, String region) {
        return rules.stream().filter(r -> r.region().equals(region)).findFirst().orElseThrow();
    }

    @Test
    void theCustomersZoneWins() {
        Resolution r = zones.resolve(GERMAN, "America/New_York");
        assertEquals(List.of(NEW_YORK), r.zones());
        assertEquals("customer", r.basis());
    }

    @Test
    void utcAndZonesNobodyCouldHaveMeantCountAsUnset() {
        for (String unset : Arrays.asList("UTC", "Etc/UTC", "Z", "GMT", "Etc/GMT", "+00:00", " ", "", null, "Nowhere/City")) {
            Resolution r = zones.resolve(GERMAN, unset);
            assertEquals("country:DE", r.basis(), "timezone " + unset);
            assertTrue(r.zones().contains(BERLIN), "timezone " + unset);
        }
    }

    @Test
    void zonesThatArePlacesCountEvenAtOffsetZero() {
        assertEquals(Optional.of(ZoneId.of("Europe/London")), RecipientZones.statedZone("Europe/London"));
        assertEquals(Optional.of(ZoneId.of("Africa/Abidjan")), RecipientZones.statedZone("Africa/Abidjan"), "GMT all year, but a place");
        assertEquals(Optional.of(ZoneId.of("+05:30")), RecipientZones.statedZone("+05:30"), "an offset someone chose");
        assertEquals(Optional.empty(), RecipientZones.statedZone("UTC"));
    }

    @Test
    void aFloridaAreaCodeMeansFloridaAndBothItsZones() {
        Resolution r = zones.resolve(MIAMI, null);
        assertEquals(List.of(NEW_YORK, CHICAGO), r.zones());
        assertEquals("area-code:US-FL", r.basis());
        assertEquals(List.of("US-FL"), r.rules().stream().map(RegionRule::region).toList());
    }

    @Test
    void oklahomaAndMarylandAreaCodes() {
        Resolution tulsa = zones.resolve("+19185550123", "UTC");
        assertEquals(List.of(CHICAGO), tulsa.zones());
        assertEquals("area-code:US-OK", tulsa.basis());
        Resolution baltimore = zones.resolve("+14105550123", null);
        assertEquals(List.of(NEW_YORK), baltimore.zones());
        assertEquals("area-code:US-MD", baltimore.basis());
    }

    @Test
    void theStateRuleStillAppliesWhenTheCustomerGaveAZone() {
        Resolution r = zones.resolve(MIAMI, "America/Los_Angeles");
        assertEquals(List.of(LOS_ANGELES), r.zones());
        assertEquals("customer", r.basis());
        assertEquals(List.of("US-FL"), r.rules().stream().map(RegionRule::region).toList(),
                "the statute presumes a resident by area code, wherever the phone is");
    }

    @Test
    void theAreaCodeCountsEvenWhereLibphonenumberDeemsTheNumberInvalid() {
        // exchange 000 does not exist, so libphonenumber places this number nowhere
        Resolution r = zones.resolve("+13050000000", null);
        assertEquals("area-code:US-FL", r.basis());
        assertEquals(List.of(NEW_YORK, CHICAGO), r.zones());
    }

    @Test
    void anotherUsNumberMayBeAnywhereInTheUs() {
        Resolution r = zones.resolve("+12125550123", null);
        assertEquals("country:US", r.basis());
        for (String id : List.of("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Indiana/Indianapolis")) {
            assertTrue(r.zones().contains(ZoneId.of(id)), id + " in " + r.zones());
        }
        assertTrue(r.zones().stream().allMatch(z -> z.getId().startsWith("America/") || z.getId().startsWith("Pacific/")), r.zones().toString());
        assertTrue(r.rules().isEmpty(), "212 is New York's: no stricter rule");
    }

    @Test
    void aGermanNumberIsInGermanTime() {
        Resolution r = zones.resolve(GERMAN, null);
        assertEquals("country:DE", r.basis());
        assertTrue(r.zones().contains(BERLIN), r.zones().toString());
        // ICU lists Busingen too, an exclave on Swiss time, which has matched Berlin's since 1980
        assertTrue(Set.of(BERLIN, ZoneId.of("Europe/Busingen")).containsAll(r.zones()), r.zones().toString());
    }

    @Test
    void anIndianNumberIsInIndianTimeUnderItsIanaName() {
        Resolution r = zones.resolve("+919876543210", null);
        assertEquals(List.of(ZoneId.of("Asia/Kolkata")), r.zones(), "not ICU's Asia/Calcutta, which would not equal a customer's Asia/Kolkata");
        assertEquals("country:IN", r.basis());
    }

    @Test
    void aCountryIcuHasNoZoneForStillHasOne() {
        assertEquals(List.of(ZoneId.of("Europe/Belgrade")), zones.resolve("+38344123456", null).zones(), "Kosovo");
    }

    @Test
    void aNumberThatPointsNowhereIsUnknown() {
        // +1 999 is no area code, and +1 is shared by 25 countries and territories
        for (String phone : Arrays.asList("garbage", "", null, "4915112345678", "+1999", "+80012345678")) {
            Resolution r = zones.resolve(phone, "UTC");
            assertEquals("unknown", r.basis(), String.valueOf(phone));
            assertFalse(r.known(), String.valueOf(phone));
            assertTrue(r.zones().isEmpty(), String.valueOf(phone));
        }
    }

    @Test
    void aNumberThatPointsNowhereStillTakesTheCustomersZone() {
        assertEquals(List.of(BERLIN), zones.resolve("+80012345678", "Europe/Berlin").zones());
    }

    @Test
    void aCountryRuleAppliesToEveryNumberOfThatCountry() {
        List<RegionRule> rules = new ArrayList<>(QuietHours.builtInRules());
        rules.add(RegionRule.parse("DE 09:00-20:00 MON-SAT"));
        RecipientZones withGermanRule = new RecipientZones(rules);
        assertEquals(List.of("DE"), withGermanRule.resolve(GERMAN, "Europe/Berlin").rules().stream().map(RegionRule::region).toList());
        assertTrue(withGermanRule.resolve("+12125550123", null).rules().isEmpty());
        assertEquals(List.of("US-FL"), withGermanRule.resolve(MIAMI, null).rules().stream().map(RegionRule::region).toList());
    }

    @Test
    void theBuiltInRulesHoldTheStatesAreaCodes() {
        List<RegionRule> rules = QuietHours.builtInRules();
        assertEquals(3, rules.size());
        assertEquals(23, rule(rules, "US-FL").areaCodes().size());
        assertTrue(rule(rules, "US-FL").areaCodes().containsAll(Set.of("305", "850", "448", "904")));
        assertEquals(Set.of("405", "539", "572", "580", "918"), rule(rules, "US-OK").areaCodes());
        assertEquals(Set.of("227", "240", "301", "410", "443", "667"), rule(rules, "US-MD").areaCodes());
        for (RegionRule r : rules) {
            assertEquals(SendingWindow.parse("08:00-20:00"), r.window(), r.region());
        }
    }
}
