package io.dnwerks.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** RFC 9457 problem details; {@code errors} names each offending field and why. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);
    private static final String TYPE_BASE = "https://dnwerks.io/problems/";

    public record FieldError(String field, String reason) {
    }

    public static Problem of(Response.Status status, String slug, String detail) {
        return new Problem(TYPE_BASE + slug, status.getReasonPhrase(), status.getStatusCode(), detail, null, List.of());
    }

    public static Problem of(int status, String title, String slug, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, List.of());
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }

    public Problem at(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }
}
