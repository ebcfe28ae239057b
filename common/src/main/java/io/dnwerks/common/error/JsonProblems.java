package io.dnwerks.common.error;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/** A JSON body that parses but does not fit the DTO, told as the field that broke and why. */
public final class JsonProblems {

    private JsonProblems() {
    }

    public static Problem of(JsonMappingException e) {
        String reason = e instanceof NulCharacterException ? "must not contain a NUL character"
                : e instanceof UnrecognizedPropertyException ? "unknown property"
                : e instanceof InvalidFormatException ife ? "cannot read " + quote(ife.getValue()) + " as " + describe(ife.getTargetType())
                : e instanceof MismatchedInputException mie && mie.getTargetType() != null ? "expected " + describe(mie.getTargetType())
                : "malformed value";
        return Problem.of(Response.Status.BAD_REQUEST, "validation", "the request body does not fit")
                .withErrors(List.of(new Problem.FieldError(path(e), reason)));
    }

    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type.getName().startsWith("java.time.")) {
            return "an ISO-8601 " + type.getSimpleName();
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "a " + type.getSimpleName();
    }

    private static String quote(Object value) {
        return value instanceof String s ? '"' + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + '"' : String.valueOf(value);
    }
}
