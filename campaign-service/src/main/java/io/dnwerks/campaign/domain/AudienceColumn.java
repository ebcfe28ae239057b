package io.dnwerks.campaign.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dnwerks.common.persistence.JsonColumn;
import jakarta.persistence.Converter;

@Converter
public class AudienceColumn extends JsonColumn<Audience> {

    public AudienceColumn() {
        super(new TypeReference<>() { });
    }
}
