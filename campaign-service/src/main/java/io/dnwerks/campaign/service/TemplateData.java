package io.dnwerks.campaign.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record TemplateData(
        @NotBlank @Size(max = 255) String name,
        @Size(max = 10000) String description,
        @NotBlank @Size(max = 1600) String content,
        @Size(max = 100) String category) {
}
