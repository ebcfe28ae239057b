package io.dnwerks.customer.service;

import io.dnwerks.customer.domain.Tag;

import java.time.OffsetDateTime;
import java.util.UUID;

public record TagView(UUID id, String name, String color, String description, UUID createdBy, OffsetDateTime createdAt) {

    public static TagView of(Tag t) {
        return new TagView(t.id, t.name, t.color, t.description, t.createdBy, t.createdAt);
    }
}
