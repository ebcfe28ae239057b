package io.dnwerks.customer.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Size;

/**
 * A segment as a caller writes it: on create, name and conditions are required; on PATCH, what is
 * absent stays as it was. {@code conditions} is the condition language (README, "Segments").
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = false)
public record SegmentData(@Size(min = 1, max = 255) String name, @Size(max = 10000) String description, JsonNode conditions,
                          Boolean active) {
}
