package io.dnwerks.customer.service;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A segment as the API shows it. {@code customerCount} is its members now: kept current within a
 * second of any customer's change; {@code refreshedAt} is when its members were last recomputed in
 * full, which segments {@code relativeToTime} (within N days, birthdays, age) are on a schedule.
 */
public record SegmentView(UUID id, String name, String description, JsonNode conditions, int customerCount, boolean active,
                          boolean relativeToTime, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime refreshedAt) {
}
