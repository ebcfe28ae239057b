package io.dnwerks.common.rest;

import io.dnwerks.common.error.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Opaque cursors: base64url of the key the next page starts after. */
public final class Cursors {

    private Cursors() {
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor", "is not a cursor this API issued");
        }
    }

    public static UUID decodeUuid(String cursor) {
        String key = decode(cursor);
        if (key == null) {
            return null;
        }
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor", "is not a cursor this API issued");
        }
    }
}
