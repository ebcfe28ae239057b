package io.dnwerks.common.rest;

import io.dnwerks.common.error.ApiException;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: the items and, when there may be more, the opaque cursor that fetches the
 * next page ({@code ?cursor=}). Cursors point after a key, so pages stay stable while rows are added.
 */
public record CursorPage<T>(List<T> items, String nextCursor) {

    /** Limits are clamped to this, whatever the caller asks. */
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;

    /**
     * Builds a page from a query that fetched {@code limit + 1} rows: the extra row only says that
     * there is a next page.
     */
    public static <R, T> CursorPage<T> of(List<R> rowsPlusOne, int limit, Function<R, T> view, Function<R, String> cursorOf) {
        boolean more = rowsPlusOne.size() > limit;
        List<R> rows = more ? rowsPlusOne.subList(0, limit) : rowsPlusOne;
        String next = more ? cursorOf.apply(rows.get(rows.size() - 1)) : null;
        return new CursorPage<>(rows.stream().map(view).toList(), next);
    }

    /**
     * {@code ?limit=} as the caller wrote it: absent is the default, more than {@link #MAX_LIMIT} is
     * {@link #MAX_LIMIT}, anything but a whole number from 1 up is a 400 naming {@code limit} (bound
     * as an Integer, a JAX-RS query parameter that does not convert is a 404).
     */
    public static Integer parseLimit(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String digits = raw.strip();
        if (!digits.matches("[0-9]{1,9}") || Integer.parseInt(digits) < 1) {
            throw ApiException.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return Math.min(MAX_LIMIT, Integer.parseInt(digits));
    }

    public static int clamp(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        return Math.max(1, Math.min(MAX_LIMIT, limit));
    }
}
