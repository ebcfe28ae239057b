package io.dnwerks.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Every {@code /api} operation a service's OpenAPI document lists, tried with no token, an expired
 * one, a forged one (a viewer's payload edited to admin), one with {@code alg: none}, one from the
 * wrong issuer, and a valid token of each role. The role model: every role reads (GET), admins and
 * marketers also write, but for the operations the caller names as admins' only. Reported: every answer that let in someone who does not belong, or turned
 * away someone who does.
 */
public final class AuthMatrix {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final List<String> ROLES = List.of("admin", "marketer", "viewer");

    /** What was tried and what went wrong. */
    public record Result(int operations, int requests, List<String> violations) {
    }

    private AuthMatrix() {
    }

    public static Result run() {
        return run(Set.of());
    }

    /** @param adminsOnly operations ({@code "POST /api/v1/customers/{id}/erase"}) only admins may call */
    public static Result run(Set<String> adminsOnly) {
        JsonNode doc;
        try {
            doc = JSON.readTree(Management.given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                    .extract().asString());
        } catch (IOException e) {
            throw new IllegalStateException("the OpenAPI document is not JSON", e);
        }
        Map<String, String> badTokens = new LinkedHashMap<>();
        badTokens.put("no token", null);
        badTokens.put("expired", Tokens.expired("admin"));
        badTokens.put("forged", Tokens.forged());
        badTokens.put("alg none", Tokens.algNone());
        badTokens.put("wrong issuer", Tokens.wrongIssuer("admin"));
        Map<String, String> roles = new LinkedHashMap<>();
        ROLES.forEach(r -> roles.put(r, Tokens.bearer(r)));

        List<String> violations = new ArrayList<>();
        int operations = 0;
        int requests = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            String concrete = path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            for (Iterator<String> ms = path.getValue().fieldNames(); ms.hasNext(); ) {
                String method = ms.next();
                if (!METHODS.contains(method)) {
                    continue;
                }
                operations++;
                String op = method.toUpperCase() + " " + path.getKey();
                for (Map.Entry<String, String> bad : badTokens.entrySet()) {
                    int status = call(method, concrete, bad.getValue()).statusCode();
                    requests++;
                    if (status != 401) {
                        violations.add(op + " with " + bad.getKey() + " answered " + status + ", not 401");
                    }
                }
                for (Map.Entry<String, String> role : roles.entrySet()) {
                    boolean allowed = adminsOnly.contains(op) ? "admin".equals(role.getKey())
                            : "get".equals(method) || !"viewer".equals(role.getKey());
                    int status = call(method, concrete, role.getValue()).statusCode();
                    requests++;
                    if (!allowed && status != 403) {
                        violations.add(op + " as " + role.getKey() + " answered " + status + ", not 403");
                    }
                    if (allowed && (status == 401 || status == 403)) {
                        violations.add(op + " as " + role.getKey() + " was refused with " + status);
                    }
                }
            }
        }
        return new Result(operations, requests, violations);
    }

    private static Response call(String method, String path, String authorization) {
        RequestSpecification request = given().contentType("application/json").body("{}");
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.request(method.toUpperCase(), path);
    }
}
