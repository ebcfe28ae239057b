package io.dnwerks.common.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.dnwerks.common.error.NulCharacterException;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Every string read from JSON (request bodies, merged patches, events) is refused when it holds a NUL
 * character, as a 400 naming the field: PostgreSQL refuses NUL in text, and a value that got that far
 * would fail its statement (and every receipt or row sharing it) instead of the one request.
 */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("dnwerks-strings").addDeserializer(String.class, new NoNulStrings()));
    }

    static final class NoNulStrings extends StdScalarDeserializer<String> {

        NoNulStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = StringDeserializer.instance.deserialize(p, ctxt);
            if (s != null && s.indexOf('\u0000') >= 0) {
                throw new NulCharacterException(p);
            }
            return s;
        }
    }
}
