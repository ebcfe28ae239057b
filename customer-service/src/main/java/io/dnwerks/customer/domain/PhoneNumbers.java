package io.dnwerks.customer.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.Locale;

/**
 * Phone numbers as people write them ("0151 2345 6789" in Germany, "+1 (212) 555-0123") made E.164,
 * through libphonenumber's metadata, with the country they belong to. A number is taken only when it
 * is valid (a range in use in its country), not merely of a possible length: a gateway would refuse
 * the rest, or text a stranger.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /** @param e164 the number, {@code +} and digits; @param country its ISO 3166 region, e.g. {@code DE} */
    public record Normalized(String e164, String country) {
    }

    /** Why a number was not taken, as the API says it (the field is the caller's). */
    public static final class InvalidPhoneException extends RuntimeException {
        public InvalidPhoneException(String reason) {
            super(reason, null, false, false);
        }
    }

    private PhoneNumbers() {
    }

    /** Whether libphonenumber knows this two-letter region (the default region is checked at start). */
    public static boolean knownRegion(String region) {
        return region != null && UTIL.getSupportedRegions().contains(region.toUpperCase(Locale.ROOT));
    }

    /**
     * @param raw    the number: international ({@code +49…}, {@code 0049…} with a region) or national
     * @param region where a national number is dialled from (ISO 3166, any case); null when none is known
     */
    public static Normalized normalize(String raw, String region) {
        String from = region == null ? null : region.toUpperCase(Locale.ROOT);
        if (from != null && !UTIL.getSupportedRegions().contains(from)) {
            throw new InvalidPhoneException("cannot be read for region " + region + ", which is not a country libphonenumber knows");
        }
        Phonenumber.PhoneNumber number;
        try {
            number = UTIL.parse(raw, from);
        } catch (NumberParseException e) {
            throw new InvalidPhoneException(switch (e.getErrorType()) {
                case INVALID_COUNTRY_CODE -> from == null && !raw.strip().startsWith("+")
                        ? "is not international (+ and the country code) and no region says where it is national"
                        : "has a country code no country uses";
                case NOT_A_NUMBER -> "is not a phone number";
                case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "is too short";
                case TOO_LONG -> "is too long";
            });
        }
        String country = UTIL.getRegionCodeForNumber(number);
        switch (UTIL.isPossibleNumberWithReason(number)) {
            case IS_POSSIBLE -> {
            }
            case TOO_SHORT, IS_POSSIBLE_LOCAL_ONLY -> throw new InvalidPhoneException("is too short" + in(country, from));
            case TOO_LONG -> throw new InvalidPhoneException("is too long" + in(country, from));
            case INVALID_LENGTH -> throw new InvalidPhoneException("has a length no number has" + in(country, from));
            case INVALID_COUNTRY_CODE -> throw new InvalidPhoneException("has a country code no country uses");
        }
        if (!UTIL.isValidNumber(number)) {
            throw new InvalidPhoneException("is not a number in use" + in(country, from));
        }
        return new Normalized(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), country);
    }

    /** The country of a number already E.164, or null; for numbers stored before they were checked. */
    public static String countryOf(String e164) {
        try {
            String country = UTIL.getRegionCodeForNumber(UTIL.parse(e164, null));
            return country == null || "ZZ".equals(country) ? null : country;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String in(String country, String from) {
        String where = country != null && !"ZZ".equals(country) ? country : from;
        return where == null ? "" : " in " + where;
    }
}
