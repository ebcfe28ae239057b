package io.dnwerks.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.dnwerks.common.validation.ReportedAs;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Every failure leaves as application/problem+json: validation errors with one entry per field,
 * database constraint violations as 409/400, and anything unexpected as a 500 that carries an error
 * id for the logs but never a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return e.problem().at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldOf(v), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        return Problem.of(Response.Status.BAD_REQUEST, "validation", "the request is not valid")
                .withErrors(errors).at(uri.getPath()).toResponse();
    }

    /** As {@link #fieldOf(Path)}, with a cross-field check named after the field it is about ({@link ReportedAs}). */
    static String fieldOf(ConstraintViolation<?> v) {
        String path = fieldOf(v.getPropertyPath());
        String reported = reportedAs(v);
        if (reported == null) {
            return path;
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? reported : path.substring(0, dot + 1) + reported;
    }

    private static String reportedAs(ConstraintViolation<?> v) {
        Object bean = v.getLeafBean();
        String leaf = null;
        for (Path.Node node : v.getPropertyPath()) {
            leaf = node.getName();
        }
        if (bean == null || leaf == null || leaf.isEmpty()) {
            return null;
        }
        String suffix = Character.toUpperCase(leaf.charAt(0)) + leaf.substring(1);
        for (String getter : new String[] {"is" + suffix, "get" + suffix}) {
            try {
                ReportedAs as = bean.getClass().getMethod(getter).getAnnotation(ReportedAs.class);
                if (as != null) {
                    return as.value();
                }
            } catch (NoSuchMethodException e) {
                // not a getter: a plain field
            }
        }
        return null;
    }

    /** The JSON path of a violation without the method and parameter names: "phone", "items[2].name". */
    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.CONSTRUCTOR || node.getKind() == ElementKind.RETURN_VALUE) {
                if (node.getKind() == ElementKind.PARAMETER && isQueryParameter(node)) {
                    field.append(node.getName());
                }
                continue;
            }
            if (node.getName() == null) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static boolean isQueryParameter(Path.Node node) {
        // a query or path parameter violation has nothing below the parameter node
        return !node.getName().startsWith("arg") && !"request".equals(node.getName()) && !"body".equals(node.getName());
    }

    @ServerExceptionMapper({MismatchedInputException.class, InvalidFormatException.class, UnrecognizedPropertyException.class})
    public Response badJson(JsonMappingException e, UriInfo uri) {
        return JsonProblems.of(e).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException mapping) {
            return badJson(mapping, uri);
        }
        return Problem.of(Response.Status.BAD_REQUEST, "malformed-json", "the request body is not valid JSON: " + e.getOriginalMessage())
                .at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, "unauthenticated",
                        "a valid bearer token is required").at(uri.getPath()).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.of(Response.Status.FORBIDDEN, "forbidden", "your role may not do this").at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        return Problem.of(status, type.getReasonPhrase(), slug(type.getReasonPhrase()), e.getMessage())
                .at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        DatabaseProblems.Mapped mapped = DatabaseProblems.map(e);
        if (mapped != null) {
            return mapped.problem().at(uri.getPath()).toResponse();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s on %s", errorId, uri.getPath());
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal",
                "something went wrong on our side; quote error id " + errorId).at(uri.getPath()).toResponse();
    }

    private static String slug(String phrase) {
        return phrase.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
