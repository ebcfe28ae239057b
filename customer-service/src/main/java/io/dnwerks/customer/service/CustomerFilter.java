package io.dnwerks.customer.service;

import io.dnwerks.common.error.ApiException;
import io.dnwerks.customer.domain.segment.Condition;
import io.dnwerks.customer.domain.segment.ConditionOperator;
import io.dnwerks.customer.domain.segment.SegmentField;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The customer list's filters, checked: each a 400 naming its parameter when it is not valid. All
 * but {@code q} are rules of the segment condition language ({@link #conditions()}), so the list and
 * a segment read a field through the same SQL and the same indexes.
 *
 * @param q          a prefix of the first name, the last name, the e-mail or the phone number (names only for viewers)
 * @param tagIds     customers with any (or all, {@code tagMatch}) of these tags
 * @param createdTo  created before this instant (exclusive)
 * @param phone      exactly this number (E.164), through its unique index
 * @param email      exactly this address, as stored (lower case)
 * @param segmentId  members of this segment
 */
public record CustomerFilter(String q, List<UUID> tagIds, boolean allTags, Boolean smsConsent, Boolean doNotContact, String source,
                             String preferredLanguage, String timezone, String country, OffsetDateTime createdFrom,
                             OffsetDateTime createdTo, Sort sort, String phone, String email, UUID segmentId) {

    /** The most tags a filter names. */
    public static final int MAX_TAGS = 50;
    public static final int MAX_Q = 100;

    /** The orders a list comes in; each pages by a key that ends in the id, so that a cursor is exact. */
    public enum Sort {
        CREATED_AT("createdAt"), CREATED_AT_DESC("-createdAt"), NAME("name");

        public final String apiName;

        Sort(String apiName) {
            this.apiName = apiName;
        }

        static Sort parse(String raw) {
            if (raw == null || raw.isBlank()) {
                return CREATED_AT;
            }
            for (Sort s : values()) {
                if (s.apiName.equals(raw.strip())) {
                    return s;
                }
            }
            throw ApiException.invalid("sort", "must be one of createdAt, -createdAt, name");
        }
    }

    public static CustomerFilter parse(String q, List<String> tagIds, String tagMatch, String smsConsent, String doNotContact,
                                       String source, String preferredLanguage, String timezone, String country,
                                       String createdFrom, String createdTo,
                                       String sort, String phone, String email, String segmentId) {
        String query = q == null || q.isBlank() ? null : q.strip();
        if (query != null && query.length() > MAX_Q) {
            throw ApiException.invalid("q", "must be at most " + MAX_Q + " characters");
        }
        LinkedHashSet<UUID> tags = new LinkedHashSet<>();
        for (String t : tagIds == null ? List.<String>of() : tagIds) {
            try {
                tags.add(UUID.fromString(t.strip()));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("tagId", "must be a tag's id (a UUID)");
            }
        }
        if (tags.size() > MAX_TAGS) {
            throw ApiException.invalid("tagId", "at most " + MAX_TAGS + " tags");
        }
        boolean all = switch (tagMatch == null ? "any" : tagMatch.strip()) {
            case "any" -> false;
            case "all" -> true;
            default -> throw ApiException.invalid("tagMatch", "must be any or all");
        };
        OffsetDateTime from = instant("createdFrom", createdFrom);
        OffsetDateTime to = instant("createdTo", createdTo);
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid("createdTo", "must be after createdFrom");
        }
        return new CustomerFilter(query, List.copyOf(tags), all, bool("smsConsent", smsConsent), bool("doNotContact", doNotContact),
                text("source", source), text("preferredLanguage", preferredLanguage), text("timezone", timezone), text("country", country), from, to, Sort.parse(sort),
                text("phone", phone), email == null || email.isBlank() ? null : text("email", email).toLowerCase(Locale.ROOT),
                uuid("segmentId", segmentId));
    }

    /** The filters but {@code q} as one condition (an empty {@code all}: everyone). */
    public Condition conditions() {
        List<Condition> rules = new ArrayList<>();
        if (!tagIds.isEmpty()) {
            rules.add(new Condition.Rule(SegmentField.TAGS, allTags ? ConditionOperator.ALL_OF : ConditionOperator.ANY_OF, tagIds));
        }
        if (smsConsent != null) {
            rules.add(new Condition.Rule(SegmentField.SMS_CONSENT, ConditionOperator.EQUALS, smsConsent));
        }
        if (doNotContact != null) {
            rules.add(new Condition.Rule(SegmentField.DO_NOT_CONTACT, ConditionOperator.EQUALS, doNotContact));
        }
        if (source != null) {
            rules.add(new Condition.Rule(SegmentField.SOURCE, ConditionOperator.EQUALS, source));
        }
        if (preferredLanguage != null) {
            rules.add(new Condition.Rule(SegmentField.PREFERRED_LANGUAGE, ConditionOperator.EQUALS, preferredLanguage));
        }
        if (timezone != null) {
            rules.add(new Condition.Rule(SegmentField.TIMEZONE, ConditionOperator.EQUALS, timezone));
        }
        if (country != null) {
            rules.add(new Condition.Rule(SegmentField.COUNTRY, ConditionOperator.EQUALS, country));
        }
        if (createdFrom != null) {
            rules.add(new Condition.Rule(SegmentField.CREATED_AT, ConditionOperator.GTE, createdFrom));
        }
        if (createdTo != null) {
            rules.add(new Condition.Rule(SegmentField.CREATED_AT, ConditionOperator.LT, createdTo));
        }
        return new Condition.Group(true, rules);
    }

    private static UUID uuid(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(raw.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(name, "must be a UUID");
        }
    }

    private static Boolean bool(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalid(name, "must be true or false");
        };
    }

    private static String text(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > 100) {
            throw ApiException.invalid(name, "must be at most 100 characters");
        }
        return raw.strip();
    }

    private static OffsetDateTime instant(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, "must be an instant with its offset, such as 2026-12-01T00:00:00Z");
        }
    }
}
