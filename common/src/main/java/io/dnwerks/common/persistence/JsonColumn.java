package io.dnwerks.common.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.persistence.AttributeConverter;

/**
 * A jsonb column as a Java value. Hibernate Reactive's own JSON support reads only JSON objects
 * and stumbles over arrays, so jsonb travels as text: map the field with this converter and
 * {@code @ColumnTransformer(read = "col::text", write = JsonColumn.WRITE)}.
 */
public abstract class JsonColumn<T> implements AttributeConverter<T, String> {

    /** Cast through text: a String bound straight to jsonb would be stored as a JSON string. */
    public static final String WRITE = "cast(cast(? as text) as jsonb)";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final TypeReference<T> type;

    protected JsonColumn(TypeReference<T> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(T value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store as JSON", e);
        }
    }

    @Override
    public T convertToEntityAttribute(String json) {
        try {
            return json == null ? null : JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the database holds JSON this version cannot read", e);
        }
    }
}
