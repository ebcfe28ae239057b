package io.dnwerks.campaign.service;

import io.dnwerks.campaign.domain.MessageTemplate;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

public record TemplateView(UUID id, String name, String description, String content, List<String> variables,
                           String category, boolean system, UUID createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static TemplateView of(MessageTemplate t) {
        return new TemplateView(t.id, t.name, t.description, t.content, t.variables, t.category, t.system, t.createdBy,
                t.createdAt, t.updatedAt);
    }
}
