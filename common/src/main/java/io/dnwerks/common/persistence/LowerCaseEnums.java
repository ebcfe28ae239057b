package io.dnwerks.common.persistence;

import io.dnwerks.common.error.ApiException;
import jakarta.persistence.AttributeConverter;

import java.util.Arrays;
import java.util.Locale;

/**
 * States are stored and shown in lower case ('draft', 'pending'), as the seed's CHECKs spell them,
 * while the code uses enum constants.
 */
public final class LowerCaseEnums {

    private LowerCaseEnums() {
    }

    public static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Parses a query or body value; anything else is a 400 naming the field and the choices. */
    public static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, "must be one of " + Arrays.stream(type.getEnumConstants()).map(LowerCaseEnums::name).toList());
        }
    }

    /** Base of the JPA converters: subclass with {@code @Converter(autoApply = true)}. */
    public abstract static class Converter<E extends Enum<E>> implements AttributeConverter<E, String> {

        private final Class<E> type;

        protected Converter(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : name(value);
        }

        @Override
        public E convertToEntityAttribute(String value) {
            return value == null ? null : Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        }
    }
}
