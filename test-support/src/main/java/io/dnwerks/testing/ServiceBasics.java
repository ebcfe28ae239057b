package io.dnwerks.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** What every service serves besides its API: health with database and Kafka, OpenAPI, metrics. */
public final class ServiceBasics {

    private ServiceBasics() {
    }

    public static void assertServed(String apiPath) {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Reactive PostgreSQL connections health check"))
                .body(containsString("Kafka connection health check"));
        given().get("/q/openapi").then().statusCode(200).body(containsString(apiPath));
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server"));
    }
}
