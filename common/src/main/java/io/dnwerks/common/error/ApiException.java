package io.dnwerks.common.error;

import jakarta.ws.rs.core.Response;

import java.util.List;

/** A failure the caller can act on: carries its status, a stable slug and, if any, field errors. */
public class ApiException extends RuntimeException {

    private final Problem problem;

    public ApiException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(Problem.of(Response.Status.NOT_FOUND, "not-found", what + " " + id + " does not exist"));
    }

    public static ApiException conflict(String slug, String detail) {
        return new ApiException(Problem.of(Response.Status.CONFLICT, slug, detail));
    }

    public static ApiException invalid(String field, String reason) {
        return new ApiException(Problem.of(Response.Status.BAD_REQUEST, "validation", "the request is not valid")
                .withErrors(List.of(new Problem.FieldError(field, reason))));
    }

    public Problem problem() {
        return problem;
    }
}
