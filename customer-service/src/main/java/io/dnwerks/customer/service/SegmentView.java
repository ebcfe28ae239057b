package io.dnwerks.customer.service;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A segment as the API shows it; {@code customerCount} is its members at its last refresh. */
public record SegmentView(UUID id, String name, String description, JsonNode conditions, int customerCount, boolean active,
                          OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
