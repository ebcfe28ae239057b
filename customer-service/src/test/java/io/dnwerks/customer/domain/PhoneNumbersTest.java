package io.dnwerks.customer.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PhoneNumbersTest {

    private static String refused(String raw, String region) {
        return assertThrows(PhoneNumbers.InvalidPhoneException.class, () -> PhoneNumbers.normalize(raw, region)).getMessage();
    }

    @Test
    void numbersAsPeopleWriteThemBecomeE164WithTheirCountry() {
        assertEquals(new PhoneNumbers.Normalized("+4915112345678", "DE"), PhoneNumbers.normalize("0151 1234 5678", "DE"));
        assertEquals(new PhoneNumbers.Normalized("+4915112345678", "DE"), PhoneNumbers.normalize("0151 1234 5678", "de"));
        assertEquals(new PhoneNumbers.Normalized("+4915112345678", "DE"), PhoneNumbers.normalize("0049 151 12345678", "DE"));
        assertEquals(new PhoneNumbers.Normalized("+4915112345678", "DE"), PhoneNumbers.normalize("+49 (151) 1234-5678", null));
        assertEquals(new PhoneNumbers.Normalized("+12125550123", "US"), PhoneNumbers.normalize("(212) 555-0123", "US"));
        // an international number keeps its own country whatever region is given
        assertEquals(new PhoneNumbers.Normalized("+5511987654321", "BR"), PhoneNumbers.normalize("+55 11 98765-4321", "DE"));
    }

    @Test
    void aNumberThatIsNotValidIsRefusedSayingWhy() {
        assertEquals("is not international (+ and the country code) and no region says where it is national", refused("0151 12345678", null));
        assertEquals("is too short in DE", refused("12", "DE"));
        assertEquals("is too long in FR", refused("0151 12345678", "FR"));
        assertEquals("is not a number in use in DE", refused("+49 153 12345678", null));
        assertEquals("is not a phone number", refused("call me", "DE"));
        assertEquals("has a country code no country uses", refused("+999 1234567", null));
        assertEquals("cannot be read for region XX, which is not a country libphonenumber knows", refused("0151 12345678", "XX"));
    }

    @Test
    void theCountryOfAStoredNumber() {
        assertEquals("DE", PhoneNumbers.countryOf("+4915112345678"));
        assertNull(PhoneNumbers.countryOf("+999"));
        assertEquals(true, PhoneNumbers.knownRegion("pt"));
        assertEquals(false, PhoneNumbers.knownRegion("XX"));
    }
}
