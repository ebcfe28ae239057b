package io.dnwerks.customer.service;

import java.util.UUID;

/**
 * What a bulk tagging did.
 *
 * @param matched       live customers it found (listed, or members of the segment)
 * @param tagged        of them, those who got the tag now
 * @param alreadyTagged those who had it already: left as they were, not announced again
 */
public record BulkTagged(UUID tagId, long matched, long tagged, long alreadyTagged) {
}
