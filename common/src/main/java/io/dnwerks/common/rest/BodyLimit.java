package io.dnwerks.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.error.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Refuses a request whose declared body is over {@code quarkus.http.limits.max-body-size} (1 MB,
 * {@code HTTP_MAX_BODY_SIZE}) with a 413 problem, before a byte of it is read: webhooks are open to
 * anyone and check their signature only once they have the body. (A chunked body without a length
 * is cut off at the same limit by the HTTP server itself.)
 */
@ApplicationScoped
public class BodyLimit {

    /** Before authentication and routing. */
    private static final int PRIORITY = 1000;

    void register(@Observes Filters filters, ObjectMapper json,
                  @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
        long limit = max.asLongValue();
        filters.register(rc -> {
            String length = rc.request().getHeader("Content-Length");
            if (length != null && declared(length) > limit) {
                Problem problem = Problem.of(413, "Content Too Large", "payload-too-large",
                                "the request body is larger than " + limit + " bytes")
                        .withErrors(List.of(new Problem.FieldError("body", "must be at most " + limit + " bytes")))
                        .at(rc.request().path());
                String body;
                try {
                    body = json.writeValueAsString(problem);
                } catch (JsonProcessingException e) {
                    body = "{\"status\":413}";
                }
                rc.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(body);
                return;
            }
            rc.next();
        }, PRIORITY);
    }

    private static long declared(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP server refuses a malformed length itself
        }
    }
}
