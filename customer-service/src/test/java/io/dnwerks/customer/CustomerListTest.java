package io.dnwerks.customer;

import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/v1/customers with its filters, orders and cursors, over HTTP against the real database. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CustomerListTest {

    /** Creates a customer from fields (JSON values as written), answering its id. */
    private static String customer(String source, String first, String last, String phone, String extra) {
        return given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"firstName\":\"" + first + "\"" + (last == null ? "" : ",\"lastName\":\"" + last + "\"") + ",\"phone\":\"" + phone
                        + "\",\"source\":\"" + source + "\"" + extra + "}")
                .post("/api/v1/customers").then().statusCode(201).extract().path("id");
    }

    private static RequestSpecification as(String role) {
        return given().header("Authorization", Tokens.bearer(role));
    }

    /** The ids of every page of the list with these parameters, following the cursors, pages of {@code limit}. */
    private static List<String> all(String role, Map<String, ?> params, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 100; pages++) {
            RequestSpecification r = as(role).queryParams(params).queryParam("limit", limit);
            if (cursor != null) {
                r.queryParam("cursor", cursor);
            }
            JsonPath page = r.get("/api/v1/customers").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
            if (cursor == null) {
                return ids;
            }
        }
        throw new AssertionError("more than 100 pages");
    }

    @Test
    void eachFilterNarrowsTheListAndTheyCombine() {
        String source = "list-" + UUID.randomUUID();
        String ana = customer(source, "Ana", "Lima", "+4915201110001", ",\"email\":\"ana.lima@example.org\",\"preferredLanguage\":\"pt-BR\","
                + "\"timezone\":\"America/Sao_Paulo\"");
        String bruno = customer(source, "Bruno", "Alves", "+4915201110002", ",\"preferredLanguage\":\"de\",\"smsConsent\":false");
        String carla = customer(source, "Carla", "Lima", "+4915201110003", ",\"preferredLanguage\":\"de\",\"doNotContact\":true");
        String vip = TagsAndAudienceTest.tag("list-vip-" + UUID.randomUUID());
        String gold = TagsAndAudienceTest.tag("list-gold-" + UUID.randomUUID());
        TagsAndAudienceTest.put(ana, vip, 201);
        TagsAndAudienceTest.put(ana, gold, 201);
        TagsAndAudienceTest.put(bruno, vip, 201);

        assertEquals(List.of(ana, bruno, carla), all("marketer", Map.of("source", source), 50));
        assertEquals(List.of(ana, bruno, carla), all("marketer", Map.of("source", source.toUpperCase()), 50), "case is ignored");
        assertEquals(List.of(bruno, carla), all("marketer", Map.of("source", source, "preferredLanguage", "DE"), 50));
        assertEquals(List.of(ana, carla), all("marketer", Map.of("source", source, "smsConsent", "true"), 50));
        assertEquals(List.of(carla), all("marketer", Map.of("source", source, "doNotContact", "true"), 50));
        assertEquals(List.of(ana), all("marketer", Map.of("source", source, "timezone", "america/sao_paulo"), 50));
        assertEquals(List.of(ana, bruno), all("marketer", Map.of("source", source, "tagId", List.of(vip, gold)), 50));
        assertEquals(List.of(ana), all("marketer", Map.of("source", source, "tagId", List.of(vip, gold), "tagMatch", "all"), 50));

        // q: a prefix of a first name, a last name, an e-mail or a phone number (typed with spaces)
        assertEquals(List.of(ana, carla), all("marketer", Map.of("source", source, "q", "lim"), 50));
        assertEquals(List.of(bruno), all("marketer", Map.of("source", source, "q", "BRU"), 50));
        assertEquals(List.of(ana), all("marketer", Map.of("source", source, "q", "ana.lima@"), 50));
        assertEquals(List.of(carla), all("marketer", Map.of("source", source, "q", "+49 152 0111 0003"), 50));
        assertEquals(List.of(), all("marketer", Map.of("source", source, "q", "im"), 50), "a prefix, not a substring");
        assertEquals(List.of(), all("marketer", Map.of("source", source, "q", "%"), 50), "% is a character, not a wildcard");
        // a viewer's q reads names only: a phone number is not confirmed by a masked answer
        assertEquals(List.of(), all("viewer", Map.of("source", source, "q", "+4915201110003"), 50));
        assertEquals(List.of(ana, carla), all("viewer", Map.of("source", source, "q", "Lima"), 50));
        as("viewer").queryParam("source", source).queryParam("q", "Ana").get("/api/v1/customers").then().statusCode(200)
                .body("items[0].phone", startsWith("+49")).body("items[0].phone", org.hamcrest.Matchers.not(equalTo("+4915201110001")));
    }

    @Test
    void createdWithinARange() throws Exception {
        String source = "range-" + UUID.randomUUID();
        String first = customer(source, "Dora", "Reis", CustomerApiTest.phone(), "");
        String firstAt = as("viewer").get("/api/v1/customers/" + first).then().extract().path("createdAt");
        String second = customer(source, "Eva", "Reis", CustomerApiTest.phone(), "");
        String secondAt = as("viewer").get("/api/v1/customers/" + second).then().extract().path("createdAt");
        assertEquals(List.of(first, second), all("marketer", Map.of("source", source, "createdFrom", firstAt), 50));
        assertEquals(List.of(second), all("marketer", Map.of("source", source, "createdFrom", secondAt), 50));
        assertEquals(List.of(first), all("marketer", Map.of("source", source, "createdTo", secondAt), 50), "createdTo is exclusive");
        assertEquals(List.of(), all("marketer", Map.of("source", source, "createdFrom", Instant.now().plusSeconds(3600).toString()), 50));
    }

    @Test
    void pagesFollowEachOrderExactlyOnce() {
        String source = "order-" + UUID.randomUUID();
        String zoe = customer(source, "Zoe", "Alves", CustomerApiTest.phone(), "");
        String abel = customer(source, "Abel", "Costa", CustomerApiTest.phone(), "");
        String ines = customer(source, "Ines", "Alves", CustomerApiTest.phone(), "");
        String bia = customer(source, "Bia", "costa", CustomerApiTest.phone(), "");
        String nobody = customer(source, "Nuno", null, CustomerApiTest.phone(), "");
        List<String> created = List.of(zoe, abel, ines, bia, nobody);
        assertEquals(created, all("marketer", Map.of("source", source), 2));
        assertEquals(created, all("marketer", Map.of("source", source, "sort", "createdAt"), 1));
        assertEquals(List.of(nobody, bia, ines, abel, zoe), all("marketer", Map.of("source", source, "sort", "-createdAt"), 2));
        // last name (case ignored; none first), then first name
        assertEquals(List.of(nobody, ines, zoe, abel, bia), all("marketer", Map.of("source", source, "sort", "name"), 2));
    }

    @Test
    void aFilterThatIsNotValidIsRefusedNamingItsParameter() {
        Map<String, String> bad = Map.of("tagId", "not-a-uuid", "tagMatch", "most", "smsConsent", "yes", "doNotContact", "1",
                "createdFrom", "yesterday", "sort", "phone", "q", "x".repeat(101), "limit", "0");
        bad.forEach((name, value) -> as("marketer").queryParam(name, value).get("/api/v1/customers").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("errors[0].field", equalTo(name)));
        as("marketer").queryParam("createdFrom", "2026-12-02T00:00:00Z").queryParam("createdTo", "2026-12-01T00:00:00Z")
                .get("/api/v1/customers").then().statusCode(400).body("errors[0].field", equalTo("createdTo"));
        // a cursor belongs to its order
        String source = "cursor-" + UUID.randomUUID();
        customer(source, "Ana", "A", CustomerApiTest.phone(), "");
        customer(source, "Bea", "B", CustomerApiTest.phone(), "");
        String byName = as("marketer").queryParam("source", source).queryParam("sort", "name").queryParam("limit", 1)
                .get("/api/v1/customers").then().statusCode(200).extract().path("nextCursor");
        as("marketer").queryParam("source", source).queryParam("cursor", byName).get("/api/v1/customers").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        as("marketer").queryParam("cursor", "bm90IGEgY3Vyc29y").get("/api/v1/customers").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        assertNull(as("marketer").queryParam("source", source).queryParam("limit", 5).get("/api/v1/customers").then().statusCode(200)
                .extract().path("nextCursor"));
    }

    @Test
    void anExportStreamsEveryMatchingCustomerAsCsvAndMasksForViewers() {
        String source = "export-" + UUID.randomUUID();
        String ana = customer(source, "Ana", "Lima, Jr.", "+4915201120001", ",\"email\":\"ana@example.org\",\"dateOfBirth\":\"1990-04-30\"");
        String eve = customer(source, "=HYPERLINK(1)", "Souza", "+4915201120002", "");
        String ida = customer(source, "Ida", "Reis", "+4915201120003", ",\"preferredLanguage\":\"de\"");
        String tag = TagsAndAudienceTest.tag("export-" + UUID.randomUUID());
        String other = TagsAndAudienceTest.tag("another-" + UUID.randomUUID());
        TagsAndAudienceTest.put(ana, tag, 201);
        TagsAndAudienceTest.put(ana, other, 201);

        // three customers read two a page: the pages follow each other without a repeat or a gap
        String csv = as("marketer").queryParam("source", source).get("/api/v1/customers/export").then().statusCode(200)
                .contentType(startsWith("text/csv")).header("Content-Disposition", org.hamcrest.Matchers.containsString("customers.csv"))
                .extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertEquals("id,firstName,lastName,phone,country,email,dateOfBirth,timezone,preferredLanguage,smsConsent,emailConsent,"
                + "doNotContact,consentGivenAt,consentSource,source,tags,createdAt,updatedAt", lines.get(0));
        assertEquals(4, lines.size(), csv);
        List<String> first = List.of(lines.get(1).split(",", -1));
        assertEquals(ana, first.get(0));
        assertEquals("\"Lima", first.get(2)); // "Lima, Jr." quoted, so it splits here
        assertEquals(" Jr.\"", first.get(3));
        assertEquals("+4915201120001", first.get(4));
        assertEquals("DE", first.get(5));
        assertEquals("1990-04-30", first.get(7));
        String tags = first.get(16);
        assertEquals(List.of(other, tag).stream().map(id -> as("viewer").get("/api/v1/tags/" + id).then().extract().<String>path("name"))
                .sorted().reduce((a, b) -> a + ";" + b).orElseThrow(), tags);
        assertEquals(eve + ",'=HYPERLINK(1),Souza", lines.get(2).substring(0, lines.get(2).indexOf(",Souza") + 6));
        assertTrue(lines.get(3).startsWith(ida + ",Ida,Reis,"));

        // filters as the list's, and a viewer's copy hides what the list hides from them
        String viewers = as("viewer").queryParam("source", source).queryParam("preferredLanguage", "de").get("/api/v1/customers/export")
                .then().statusCode(200).extract().asString();
        List<String> rows = List.of(viewers.split("\r\n"));
        assertEquals(2, rows.size(), viewers);
        List<String> row = List.of(rows.get(1).split(",", -1));
        assertEquals(ida, row.get(0));
        assertEquals("+49****0003", row.get(3).replaceAll("\\*+", "****"));
        assertEquals("", row.get(6), "no date of birth for viewers");
    }

    @Test
    void anExportOfASegmentsMembersAndOfNothing() {
        String source = "members-" + UUID.randomUUID();
        String a = customer(source, "Ana", "A", CustomerApiTest.phone(), "");
        String b = customer(source, "Bea", "B", CustomerApiTest.phone(), "");
        String segment = given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\": \"" + source + "\", \"conditions\": " + SegmentApiTest.rule("source", "equals", "\"" + source + "\"") + "}")
                .post("/api/v1/segments").then().statusCode(201).extract().path("id");
        String csv = as("marketer").queryParam("segmentId", segment).get("/api/v1/customers/export").then().statusCode(200).extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertEquals(3, lines.size(), csv);
        assertTrue(lines.get(1).startsWith(a + ",") && lines.get(2).startsWith(b + ","), csv);
        assertEquals(List.of(a, b), all("marketer", Map.of("segmentId", segment), 1), "the list takes segmentId too");

        as("marketer").queryParam("segmentId", UUID.randomUUID().toString()).get("/api/v1/customers/export").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        as("marketer").queryParam("smsConsent", "maybe").get("/api/v1/customers/export").then().statusCode(400)
                .body("errors[0].field", equalTo("smsConsent"));
        String nobody = as("marketer").queryParam("source", "nobody-" + UUID.randomUUID()).get("/api/v1/customers/export").then()
                .statusCode(200).extract().asString();
        assertEquals(1, nobody.split("\r\n").length, "the header alone");
    }
}
