package io.dnwerks.customer;

import io.dnwerks.common.event.Topics;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The smaller promises of bad input: a body size, no NUL in text, a limit that is a number, a no-op PATCH. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class RequestLimitsTest {

    @Test
    void aBodyOverOneMegabyteIsA413ProblemBeforeItIsRead() {
        String big = "{\"firstName\":\"" + "x".repeat(1_100_000) + "\",\"phone\":\"" + CustomerApiTest.phone() + "\"}";
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body(big)
                .post("/api/v1/customers").then().statusCode(413).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body")).body("errors[0].reason", containsString("1048576"));
        // no token at all: the size is refused before anything else looks at the request
        given().contentType(ContentType.JSON).body(big).post("/api/v1/customers").then().statusCode(413);
    }

    @Test
    void aNulCharacterInAnyTextFieldIsA400NamingTheField() {
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"firstName\":\"An\\u0000a\",\"phone\":\"" + CustomerApiTest.phone() + "\"}")
                .post("/api/v1/customers").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("firstName")).body("errors[0].reason", equalTo("must not contain a NUL character"));
        String id = CustomerApiTest.create(CustomerApiTest.phone(), "");
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"notes\":\"a\\u0000b\"}").patch("/api/v1/customers/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("notes"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\":\"vip\\u0000\"}").post("/api/v1/tags")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
    }

    @Test
    void aLimitThatIsNotAWholeNumberIsA400() {
        for (String limit : List.of("abc", "0", "-5", "1.5", "99999999999")) {
            given().header("Authorization", Tokens.bearer("viewer")).queryParam("limit", limit).get("/api/v1/customers")
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        }
        given().header("Authorization", Tokens.bearer("viewer")).queryParam("limit", "abc").get("/api/v1/tags")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().header("Authorization", Tokens.bearer("viewer")).queryParam("limit", "100000").get("/api/v1/customers")
                .then().statusCode(200);
    }

    @Test
    void aPatchThatChangesNothingKeepsUpdatedAtAndPublishesNothing() throws Exception {
        String id = CustomerApiTest.create(CustomerApiTest.phone(), "");
        String updatedAt = given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + id)
                .then().statusCode(200).extract().path("updatedAt");
        try (TopicProbe events = TopicProbe.tail(Topics.CUSTOMER_EVENTS)) {
            given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                    .body("{\"firstName\":\"Ana\"}").patch("/api/v1/customers/" + id)
                    .then().statusCode(200).body("updatedAt", equalTo(updatedAt));
            given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + id)
                    .then().statusCode(200).body("updatedAt", equalTo(updatedAt));
            // a real change after it: the first event of this customer on the topic must be that one
            given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                    .body("{\"firstName\":\"Bea\"}").patch("/api/v1/customers/" + id).then().statusCode(200);
            // (CustomerCreated may still be on its way: the question is the first CustomerUpdated)
            List<ConsumerRecord<String, byte[]>> seen = events.await(r -> id.equals(r.key())
                    && "dnwerks.customer.CustomerUpdated.v1".equals(TopicProbe.header(r, "ce_type")), 1, Duration.ofSeconds(30));
            assertEquals(1, seen.size());
            assertEquals("dnwerks.customer.CustomerUpdated.v1", TopicProbe.header(seen.get(0), "ce_type"));
            assertEquals("Bea", new com.fasterxml.jackson.databind.ObjectMapper().readTree(seen.get(0).value()).path("firstName").asText(),
                    "the no-op published nothing: the first update seen is the real one");
        }
    }
}
