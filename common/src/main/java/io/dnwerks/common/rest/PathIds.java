package io.dnwerks.common.rest;

import io.dnwerks.common.error.ApiException;

import java.util.UUID;

/** Path and query ids arrive as strings so that a malformed one is a 400 naming it, not a bare 404. */
public final class PathIds {

    private PathIds() {
    }

    public static UUID uuid(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, "must be a UUID");
        }
    }
}
