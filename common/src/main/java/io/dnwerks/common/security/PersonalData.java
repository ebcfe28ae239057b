package io.dnwerks.common.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnwerks.common.logging.PhoneMask;
import io.quarkus.security.identity.SecurityIdentity;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Who sees customers' personal data whole, and how the others see it. Admins and marketers work with
 * customers and see it; viewers (reporting, support) see phone numbers as {@code +49*******5678},
 * e-mail addresses as {@code a***@example.com}, and neither dates of birth nor notes (null), wherever the data
 * appears: customers, campaign messages, the old and new values of audit entries.
 */
public final class PersonalData {

    /** The JSON names personal data goes by in every service's views and audit records. */
    public static final Set<String> PHONE_FIELDS = Set.of("phone", "phoneNumber");
    public static final Set<String> EMAIL_FIELDS = Set.of("email");
    public static final Set<String> HIDDEN_FIELDS = Set.of("dateOfBirth", "notes");

    private PersonalData() {
    }

    /** True when the caller may see personal data whole. */
    public static boolean visibleTo(SecurityIdentity identity) {
        return identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.MARKETER);
    }

    public static String phone(String phone) {
        return PhoneMask.mask(phone);
    }

    public static String email(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }

    /** A copy of {@code node} with every personal field, at any depth, masked or hidden. */
    public static JsonNode masked(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonNode copy = node.deepCopy();
        mask(copy);
        return copy;
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (value.isTextual() && PHONE_FIELDS.contains(field.getKey())) {
                    field.setValue(object.textNode(phone(value.asText())));
                } else if (value.isTextual() && EMAIL_FIELDS.contains(field.getKey())) {
                    field.setValue(object.textNode(email(value.asText())));
                } else if (!value.isNull() && HIDDEN_FIELDS.contains(field.getKey())) {
                    field.setValue(object.nullNode());
                } else {
                    mask(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(PersonalData::mask);
        }
    }
}
