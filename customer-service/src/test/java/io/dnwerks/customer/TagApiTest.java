package io.dnwerks.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.customer.messaging.CustomerEvents;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tags renamed, recoloured and deleted, and put on customers in bulk (chunks of two in the test profile). */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class TagApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static io.restassured.response.ValidatableResponse bulk(String tag, String body) {
        return given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/tags/" + tag + "/customers").then();
    }

    private static Set<String> tagsOf(String customer) {
        return new HashSet<>(given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + customer + "/tags")
                .then().statusCode(200).extract().jsonPath().getList("$", String.class));
    }

    @Test
    void aTagIsRenamedRecolouredAndItsNameStaysUnique() {
        String name = "spring-" + UUID.randomUUID();
        String id = TagsAndAudienceTest.tag(name);
        String taken = TagsAndAudienceTest.tag("taken-" + UUID.randomUUID());
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\": \"  summer-" + name + " \", \"description\": \"sale\"}")
                .patch("/api/v1/tags/" + id).then().statusCode(200)
                .body("name", equalTo("summer-" + name)).body("color", equalTo("#ff8800")).body("description", equalTo("sale"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body("{\"color\": \"#00aa00\", \"description\": \"\"}")
                .patch("/api/v1/tags/" + id).then().statusCode(200)
                .body("name", equalTo("summer-" + name)).body("color", equalTo("#00aa00")).body("description", nullValue());
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/tags/" + id).then().statusCode(200)
                .body("color", equalTo("#00aa00"));

        String takenName = given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/tags/" + taken).then().extract().path("name");
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body("{\"name\": \"" + takenName + "\"}")
                .patch("/api/v1/tags/" + id).then().statusCode(409).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("name"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body("{\"color\": \"green\"}")
                .patch("/api/v1/tags/" + id).then().statusCode(400).body("errors[0].field", equalTo("color"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body("{\"name\": \"   \"}")
                .patch("/api/v1/tags/" + id).then().statusCode(400).body("errors[0].field", equalTo("name"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body("{\"name\": \"x\"}")
                .patch("/api/v1/tags/" + UUID.randomUUID()).then().statusCode(404);
        given().header("Authorization", Tokens.bearer("viewer")).contentType(ContentType.JSON).body("{\"name\": \"x\"}")
                .patch("/api/v1/tags/" + id).then().statusCode(403);
        // nothing of the refused changes landed
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/tags/" + id).then().statusCode(200)
                .body("name", equalTo("summer-" + name)).body("color", equalTo("#00aa00"));
    }

    @Test
    void listedCustomersAreTaggedInChunksAndOnlyTheNewlyTaggedAreAnnounced() throws Exception {
        String tag = TagsAndAudienceTest.tag("bulk-" + UUID.randomUUID());
        List<String> customers = IntStream.range(0, 5).mapToObj(i -> CustomerApiTest.create(CustomerApiTest.phone(), "")).toList();
        String gone = CustomerApiTest.create(CustomerApiTest.phone(), "");
        given().header("Authorization", Tokens.bearer("admin")).delete("/api/v1/customers/" + gone).then().statusCode(204);
        List<String> ids = new ArrayList<>(customers);
        ids.add(gone);
        ids.add(UUID.randomUUID().toString()); // nobody
        String body = "{\"customerIds\": [" + ids.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(",")) + "]}";

        try (TopicProbe events = TopicProbe.tail("customer.events.v1")) {
            // one of them tagged on their own first, its event seen before the bulk tagging
            TagsAndAudienceTest.put(customers.get(1), tag, 201);
            assertEquals(1, events.await(r -> TopicProbe.body(r).contains(tag), 1, Duration.ofSeconds(20)).size());
            bulk(tag, body).statusCode(200).body("tagId", equalTo(tag)).body("matched", equalTo(5)).body("tagged", equalTo(4))
                    .body("alreadyTagged", equalTo(1));
            customers.forEach(c -> assertEquals(Set.of(tag), tagsOf(c), c));

            // one CustomerTagged per customer newly tagged, shaped as a single tagging's (built in SQL here)
            List<ConsumerRecord<String, byte[]>> tagged = events.await(r -> TopicProbe.body(r).contains(tag), 4, Duration.ofSeconds(20));
            assertEquals(4, tagged.size());
            assertEquals(0, events.collect(r -> TopicProbe.body(r).contains(tag), Duration.ofSeconds(2)).size(), "none for the one tagged before");
            Set<String> announced = new HashSet<>();
            for (ConsumerRecord<String, byte[]> r : tagged) {
                assertEquals(CustomerEvents.TAGGED, TopicProbe.header(r, "ce_type"));
                CustomerEvents.CustomerTagChange change = JSON.readValue(r.value(), CustomerEvents.CustomerTagChange.class);
                JsonNode raw = JSON.readTree(r.value());
                assertEquals(Set.of("customerId", "tagId"), toSet(raw.fieldNames()));
                assertEquals(tag, change.tagId().toString());
                assertEquals(r.key(), change.customerId().toString());
                announced.add(r.key());
            }
            assertEquals(Set.of(customers.get(0), customers.get(2), customers.get(3), customers.get(4)), announced);

            // the same request again changes nothing and announces nobody
            bulk(tag, body).statusCode(200).body("matched", equalTo(5)).body("tagged", equalTo(0)).body("alreadyTagged", equalTo(5));
            assertEquals(0, events.collect(r -> TopicProbe.body(r).contains(tag), Duration.ofSeconds(2)).size());
        }
    }

    @Test
    void aSegmentsMembersAreTagged() {
        String source = "bulk-" + UUID.randomUUID();
        List<String> members = IntStream.range(0, 3)
                .mapToObj(i -> CustomerApiTest.create(CustomerApiTest.phone(), ",\"source\":\"" + source + "\"")).toList();
        String outsider = CustomerApiTest.create(CustomerApiTest.phone(), "");
        String segment = given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\": \"" + source + "\", \"conditions\": " + SegmentApiTest.rule("source", "equals", "\"" + source + "\"") + "}")
                .post("/api/v1/segments").then().statusCode(201).body("customerCount", equalTo(3)).extract().path("id");
        String tag = TagsAndAudienceTest.tag("members-" + UUID.randomUUID());
        bulk(tag, "{\"segmentId\": \"" + segment + "\"}").statusCode(200).body("matched", equalTo(3)).body("tagged", equalTo(3))
                .body("alreadyTagged", equalTo(0));
        members.forEach(c -> assertEquals(Set.of(tag), tagsOf(c)));
        assertEquals(Set.of(), tagsOf(outsider));
    }

    @Test
    void aBulkTaggingThatIsNotValidIsRefusedNamingItsField() {
        String tag = TagsAndAudienceTest.tag("refused-" + UUID.randomUUID());
        bulk(tag, "{}").statusCode(400).contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo("customerIds"));
        bulk(tag, "{\"customerIds\": [\"" + UUID.randomUUID() + "\"], \"segmentId\": \"" + UUID.randomUUID() + "\"}").statusCode(400)
                .body("errors[0].field", equalTo("customerIds")).body("errors[0].reason", containsString("one of them"));
        bulk(tag, "{\"customerIds\": []}").statusCode(400).body("errors[0].field", equalTo("customerIds"));
        bulk(tag, "{\"customerIds\": [\"nope\"]}").statusCode(400);
        String tooMany = IntStream.range(0, 10_001).mapToObj(i -> "\"" + UUID.randomUUID() + "\"").collect(Collectors.joining(","));
        bulk(tag, "{\"customerIds\": [" + tooMany + "]}").statusCode(400).body("errors[0].field", equalTo("customerIds"));
        bulk(tag, "{\"segmentId\": \"" + UUID.randomUUID() + "\"}").statusCode(404);
        bulk(UUID.randomUUID().toString(), "{\"customerIds\": [\"" + UUID.randomUUID() + "\"]}").statusCode(404);
        given().header("Authorization", Tokens.bearer("viewer")).contentType(ContentType.JSON).body("{\"customerIds\": [\"" + UUID.randomUUID() + "\"]}")
                .post("/api/v1/tags/" + tag + "/customers").then().statusCode(403);
    }

    @Test
    void aTagDeletedLeavesEveryoneWhoHadItOnceAndNotWhileASegmentNamesIt() throws Exception {
        String tag = TagsAndAudienceTest.tag("doomed-" + UUID.randomUUID());
        List<String> tagged = IntStream.range(0, 3).mapToObj(i -> CustomerApiTest.create(CustomerApiTest.phone(), "")).toList();
        tagged.forEach(c -> TagsAndAudienceTest.put(c, tag, 201));
        String segment = given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\": \"uses " + tag + "\", \"conditions\": " + SegmentApiTest.rule("tags", "anyOf", "[\"" + tag + "\"]") + "}")
                .post("/api/v1/segments").then().statusCode(201).extract().path("id");
        given().header("Authorization", Tokens.bearer("marketer")).delete("/api/v1/tags/" + tag).then().statusCode(409)
                .contentType(startsWith("application/problem+json")).body("detail", containsString("uses " + tag));
        tagged.forEach(c -> assertEquals(Set.of(tag), tagsOf(c)));

        given().header("Authorization", Tokens.bearer("marketer")).delete("/api/v1/segments/" + segment).then().statusCode(204);
        try (TopicProbe events = TopicProbe.tail("customer.events.v1")) {
            given().header("Authorization", Tokens.bearer("viewer")).delete("/api/v1/tags/" + tag).then().statusCode(403);
            given().header("Authorization", Tokens.bearer("marketer")).delete("/api/v1/tags/" + tag).then().statusCode(204);
            List<ConsumerRecord<String, byte[]>> deleted = events.await(r -> tag.equals(r.key()), 1, Duration.ofSeconds(20));
            assertEquals(1, deleted.size());
            assertEquals(CustomerEvents.TAG_DELETED, TopicProbe.header(deleted.get(0), "ce_type"));
            CustomerEvents.TagDeleted event = JSON.readValue(deleted.get(0).value(), CustomerEvents.TagDeleted.class);
            assertEquals(3, event.untaggedCount());
        }
        tagged.forEach(c -> assertEquals(Set.of(), tagsOf(c)));
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/tags/" + tag).then().statusCode(404);
        given().header("Authorization", Tokens.bearer("marketer")).delete("/api/v1/tags/" + tag).then().statusCode(404);
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + tagged.get(0) + "/tags").then().body("$", hasSize(0));
    }

    private static Set<String> toSet(java.util.Iterator<String> names) {
        Set<String> out = new HashSet<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
