package io.dnwerks.customer.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dnwerks.common.persistence.JsonColumn;
import jakarta.persistence.Converter;

@Converter
public class ConsentProofColumn extends JsonColumn<ConsentProof> {

    public ConsentProofColumn() {
        super(new TypeReference<>() { });
    }
}
