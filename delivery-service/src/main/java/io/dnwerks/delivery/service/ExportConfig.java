package io.dnwerks.delivery.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Exports, under {@code dnwerks.export}. */
@ConfigMapping(prefix = "dnwerks.export")
public interface ExportConfig {

    /** Rows an export reads and writes at a time: its memory is one page's, whatever the campaign's size. */
    @WithDefault("2000")
    @Min(1)
    @Max(50_000)
    int pageSize();
}
