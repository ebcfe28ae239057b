package io.dnwerks.customer;

import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Segments over HTTP against the real database: every operator of the condition language evaluated
 * by PostgreSQL on a cohort of its own (each test's customers share a source nobody else has), the
 * members a segment is stored with, its refresh, and the answers to conditions that are not valid.
 */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class SegmentApiTest {

    String source;
    String ana;
    String bruno;
    String carla;
    String dora;
    String vip;
    String gold;

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    /**
     * Ana: 30 today, German, VIP and gold; Bruno: 40 in ten days, English, VIP; Carla: no date of birth,
     * no SMS consent, Portuguese, an address at example.org; Dora: 25 in three months, do not contact.
     */
    @BeforeEach
    void cohort() {
        source = "seg-" + UUID.randomUUID().toString().substring(0, 8);
        vip = TagsAndAudienceTest.tag("vip-" + source);
        gold = TagsAndAudienceTest.tag("gold-" + source);
        ana = customer("Ana", "Lima", "ana." + source + "@example.com", TODAY.minusYears(30), "de", "Europe/Berlin", true, false);
        bruno = customer("Bruno", "Alves", null, TODAY.plusDays(10).minusYears(40), "en", "UTC", true, false);
        carla = customer("Carla", "Silva", "carla_50%." + source + "@example.org", null, "pt-BR", "America/Sao_Paulo", false, false);
        dora = customer("Dora", "Lima", null, TODAY.plusMonths(3).minusYears(25), "en", "UTC", true, true);
        TagsAndAudienceTest.put(ana, vip, 201);
        TagsAndAudienceTest.put(ana, gold, 201);
        TagsAndAudienceTest.put(bruno, vip, 201);
    }

    String customer(String first, String last, String email, LocalDate born, String language, String zone, boolean sms, boolean dnc) {
        String json = "{\"firstName\":\"" + first + "\",\"lastName\":\"" + last + "\",\"phone\":\"" + CustomerApiTest.phone() + "\""
                + (email == null ? "" : ",\"email\":\"" + email + "\"") + (born == null ? "" : ",\"dateOfBirth\":\"" + born + "\"")
                + ",\"preferredLanguage\":\"" + language + "\",\"timezone\":\"" + zone + "\",\"smsConsent\":" + sms
                + ",\"doNotContact\":" + dnc + ",\"source\":\"" + source + "\"}";
        return given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body(json)
                .post("/api/v1/customers").then().statusCode(201).extract().path("id");
    }

    /** The cohort's members the rule holds for, by the preview's count and sample. */
    Set<String> matching(String rule) {
        Response r = given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"conditions\": {\"all\": [{\"field\": \"source\", \"op\": \"equals\", \"value\": \"" + source + "\"}, " + rule + "]}}")
                .post("/api/v1/segments/preview");
        r.then().statusCode(200);
        List<String> ids = r.path("sample.id");
        assertEquals(ids.size(), (int) r.path("count"), "the count and the sample disagree for " + rule);
        return new HashSet<>(ids);
    }

    static String rule(String field, String op, String value) {
        return "{\"field\": \"" + field + "\", \"op\": \"" + op + "\"" + (value == null ? "" : ", \"value\": " + value) + "}";
    }

    @Test
    void textOperatorsIgnoreCaseAndTakeWildcardsLiterally() {
        assertEquals(Set.of(ana, dora), matching(rule("lastName", "equals", "\"LIMA\"")));
        assertEquals(Set.of(bruno, carla), matching(rule("lastName", "notEquals", "\"lima\"")));
        assertEquals(Set.of(carla), matching(rule("email", "contains", "\"_50%.\"")));
        assertEquals(Set.of(), matching(rule("email", "contains", "\"a%a\"")));
        assertEquals(Set.of(carla), matching(rule("email", "startsWith", "\"CARLA_\"")));
        assertEquals(Set.of(ana), matching(rule("firstName", "startsWith", "\"an\"")));
        assertEquals(Set.of(ana, carla), matching(rule("preferredLanguage", "in", "[\"de\", \"PT-br\"]")));
        assertEquals(Set.of(bruno, dora), matching(rule("email", "isEmpty", null)));
        assertEquals(Set.of(ana), matching(rule("timezone", "equals", "\"europe/berlin\"")));
    }

    @Test
    void numbersDatesAndInstantsCompare() {
        assertEquals(Set.of(ana, bruno), matching(rule("age", "gte", "30")));
        assertEquals(Set.of(dora), matching(rule("age", "lt", "30")));
        assertEquals(Set.of(ana), matching(rule("age", "equals", "30")));
        assertEquals(Set.of(bruno), matching(rule("age", "gt", "30")));
        assertEquals(Set.of(ana, dora), matching(rule("age", "lte", "30")));
        assertEquals(Set.of(carla), matching(rule("dateOfBirth", "isEmpty", null)));
        assertEquals(Set.of(bruno), matching(rule("dateOfBirth", "lt", "\"" + TODAY.minusYears(35) + "\"")));
        assertEquals(Set.of(ana, bruno, carla, dora), matching(rule("createdAt", "withinLastDays", "1")));
        assertEquals(Set.of(), matching(rule("createdAt", "lt", "\"2020-01-01T00:00:00Z\"")));
        assertEquals(Set.of(ana, bruno, carla, dora), matching(rule("createdAt", "gte", "\"2020-01-01T00:00:00+02:00\"")));
    }

    @Test
    void birthdays() {
        Set<String> thisMonth = new HashSet<>(Set.of(ana));
        if (TODAY.plusDays(10).getMonth() == TODAY.getMonth()) {
            thisMonth.add(bruno);
        }
        assertEquals(thisMonth, matching(rule("dateOfBirth", "birthdayThisMonth", null)));
        assertEquals(Set.of(ana), matching(rule("dateOfBirth", "birthdayWithinDays", "0")));
        assertEquals(Set.of(ana), matching(rule("dateOfBirth", "birthdayWithinDays", "7")));
        assertEquals(Set.of(ana, bruno), matching(rule("dateOfBirth", "birthdayWithinDays", "10")));
    }

    @Test
    void consentAndTags() {
        assertEquals(Set.of(carla), matching(rule("smsConsent", "equals", "false")));
        assertEquals(Set.of(dora), matching(rule("doNotContact", "equals", "true")));
        assertEquals(Set.of(ana, bruno), matching(rule("tags", "anyOf", "[\"" + vip + "\", \"" + gold + "\"]")));
        assertEquals(Set.of(ana), matching(rule("tags", "allOf", "[\"" + vip + "\", \"" + gold + "\"]")));
        assertEquals(Set.of(carla, dora), matching(rule("tags", "noneOf", "[\"" + vip + "\"]")));
    }

    @Test
    void groupsAndNotCountThoseWithoutAValue() {
        // "not an English speaker": Carla has no date of birth, but a language; the not counts her in
        assertEquals(Set.of(ana, carla), matching("{\"not\": " + rule("preferredLanguage", "equals", "\"en\"") + "}"));
        // nobody without a date of birth is 'age 30 or more', so every one of them is 'not' that
        assertEquals(Set.of(carla, dora), matching("{\"not\": " + rule("age", "gte", "30") + "}"));
        assertEquals(Set.of(ana, carla, dora), matching("{\"any\": [" + rule("email", "contains", "\"example.org\"") + ", "
                + rule("lastName", "equals", "\"lima\"") + "]}"));
    }

    @Test
    void aSegmentIsStoredWithItsMembersChangedAndRefreshed() {
        String body = "{\"name\": \"VIPs " + source + "\", \"description\": \"the best\", \"conditions\": {\"all\": ["
                + rule("source", "equals", "\"" + source + "\"") + ", " + rule("tags", "anyOf", "[\"" + vip + "\"]") + "]}}";
        String id = given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/segments").then().statusCode(201)
                .header("Location", containsString("/api/v1/segments/"))
                .body("customerCount", equalTo(2)).body("conditions.all[1].op", equalTo("anyOf")).body("active", equalTo(true))
                .extract().path("id");
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/segments/" + id).then().statusCode(200)
                .body("name", equalTo("VIPs " + source)).body("customerCount", equalTo(2));

        // a customer tagged later joins (SegmentMembershipTest: within a second); a refresh agrees
        TagsAndAudienceTest.put(carla, vip, 201);
        given().header("Authorization", Tokens.bearer("marketer")).post("/api/v1/segments/" + id + "/refresh").then().statusCode(200)
                .body("customerCount", equalTo(3));

        // new conditions rewrite the members at once: who no longer matches leaves
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"conditions\": {\"all\": [" + rule("source", "equals", "\"" + source + "\"") + ", "
                        + rule("tags", "allOf", "[\"" + vip + "\", \"" + gold + "\"]") + "]}}")
                .patch("/api/v1/segments/" + id).then().statusCode(200)
                .body("customerCount", equalTo(1)).body("name", equalTo("VIPs " + source)).body("description", equalTo("the best"));

        given().header("Authorization", Tokens.bearer("viewer")).queryParam("limit", 500).get("/api/v1/segments").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(id));

        given().header("Authorization", Tokens.bearer("viewer")).delete("/api/v1/segments/" + id).then().statusCode(403);
        given().header("Authorization", Tokens.bearer("marketer")).delete("/api/v1/segments/" + id).then().statusCode(204);
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/segments/" + id).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void aConditionThatIsNotValidIsRefusedNamingItsPathAndNothingIsStored() {
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"name\": \"bad " + source + "\", \"conditions\": {\"all\": [" + rule("source", "equals", "\"" + source + "\"") + ", "
                        + rule("smsConsent", "contains", "\"yes\"") + "]}}")
                .post("/api/v1/segments").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("conditions.all[1].op"))
                .body("errors[0].reason", containsString("does not apply to smsConsent"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"conditions\": {\"any\": [" + rule("age", "gt", "\"old\"") + "]}}")
                .post("/api/v1/segments/preview").then().statusCode(400).body("errors[0].field", equalTo("conditions.any[0].value"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body("{\"name\": \"no conditions\"}")
                .post("/api/v1/segments").then().statusCode(400).body("errors[0].field", equalTo("conditions"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"conditions\": {\"all\": []}}").post("/api/v1/segments").then().statusCode(400).body("errors[0].field", equalTo("name"));
        List<String> names = given().header("Authorization", Tokens.bearer("viewer")).queryParam("limit", 500).get("/api/v1/segments")
                .then().statusCode(200).extract().path("items.name");
        assertEquals(0, names.stream().filter(n -> n.contains(source)).count(), "a refused segment was stored");
    }

    @Test
    void segmentsNeedARole() {
        given().contentType(ContentType.JSON).body("{\"conditions\": {\"all\": []}}").post("/api/v1/segments/preview").then().statusCode(401);
        given().header("Authorization", Tokens.bearer("viewer")).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"conditions\": {\"all\": []}}").post("/api/v1/segments").then().statusCode(403);
        given().header("Authorization", Tokens.bearer("viewer")).contentType(ContentType.JSON)
                .body("{\"conditions\": {\"all\": []}}").post("/api/v1/segments/preview").then().statusCode(403);
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"conditions\": " + "{\"all\": [" + rule("source", "equals", "\"" + source + "\"") + "]}}")
                .post("/api/v1/segments/preview").then().statusCode(200).body("count", equalTo(4)).body("sample.size()", equalTo(4));
    }
}
