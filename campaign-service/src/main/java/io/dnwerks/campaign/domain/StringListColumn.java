package io.dnwerks.campaign.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dnwerks.common.persistence.JsonColumn;
import jakarta.persistence.Converter;

import java.util.List;

@Converter
public class StringListColumn extends JsonColumn<List<String>> {

    public StringListColumn() {
        super(new TypeReference<>() { });
    }
}
