package io.dnwerks.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * What every service serves besides its API: health with database and Kafka, OpenAPI, metrics, all on
 * the management port and none of them on the API's port.
 */
public final class ServiceBasics {

    private ServiceBasics() {
    }

    public static void assertServed(String apiPath) {
        for (String path : java.util.List.of("/q/health/ready", "/q/metrics", "/q/openapi")) {
            given().get(path).then().statusCode(404);
        }
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Reactive PostgreSQL connections health check"))
                .body(containsString("Kafka connection health check"));
        Management.given().get("/q/openapi").then().statusCode(200).body(containsString(apiPath));
        Management.given().get("/q/metrics").then().statusCode(200).body(containsString("http_server"));
    }
}
