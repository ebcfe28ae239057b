package io.dnwerks.common.security;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Who did something, as the audit trail records it: the JWT subject (a UUID, the identity
 * provider's user id), the client's address and user agent. Work the platform does on its own
 * (consumers, schedulers) is done by {@link #SYSTEM}.
 */
public record Actor(UUID userId, String subject, String ipAddress, String userAgent) {

    public static final UUID SYSTEM_USER_ID = new UUID(0L, 0L);
    public static final Actor SYSTEM = new Actor(SYSTEM_USER_ID, "system", null, null);

    /** Subjects that are not UUIDs (some issuers use opaque strings) map to a stable name-based UUID. */
    public static UUID userIdOf(String subject) {
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes(subject.getBytes(StandardCharsets.UTF_8));
        }
    }
}
