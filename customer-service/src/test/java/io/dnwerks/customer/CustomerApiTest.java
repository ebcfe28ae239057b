package io.dnwerks.customer;

import io.dnwerks.testing.AuthMatrix;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.ServiceBasics;
import io.dnwerks.testing.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CustomerApiTest {

    static String phone() {
        // +49151: a German mobile range libphonenumber takes as valid, eight random digits
        return "+49151" + (10000000L + ThreadLocalRandom.current().nextLong(89999999L));
    }

    static String create(String phone, String extraJson) {
        return given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"firstName\":\"Ana\",\"lastName\":\"Lima\",\"phone\":\"" + phone + "\"" + extraJson + "}")
                .post("/api/v1/customers")
                .then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void createsReadsAndListsACustomerInCamelCase() {
        String phone = phone();
        String id = given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"firstName\":\"Ana\",\"phone\":\"" + phone + "\",\"email\":\"Ana.Lima@Example.com\","
                        + "\"timezone\":\"Europe/Lisbon\",\"doNotContact\":false}")
                .post("/api/v1/customers")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/customers/"))
                .body("phone", equalTo(phone))
                .body("email", equalTo("ana.lima@example.com"))
                .body("smsConsent", equalTo(true))
                .body("emailConsent", equalTo(false))
                .body("doNotContact", equalTo(false))
                .body("consentGivenAt", notNullValue())
                .body("timezone", equalTo("Europe/Lisbon"))
                .body("preferredLanguage", equalTo("en"))
                .extract().path("id");

        given().header("Authorization", Tokens.bearer("marketer"))
                .get("/api/v1/customers/" + id)
                .then().statusCode(200).body("firstName", equalTo("Ana")).body("phone", equalTo(phone));

        given().header("Authorization", Tokens.bearer("marketer")).queryParam("phone", phone)
                .get("/api/v1/customers")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(id));
    }

    @Test
    void pagesWithACursorWithoutRepeatsOrGaps() {
        String marker = "+4917" + (10000000 + ThreadLocalRandom.current().nextInt(80000000));
        for (int i = 0; i < 5; i++) {
            create(phone(), "");
        }
        List<String> first = given().header("Authorization", Tokens.bearer("viewer")).queryParam("limit", 2)
                .get("/api/v1/customers").then().statusCode(200).body("items", hasSize(2))
                .body("nextCursor", notNullValue()).extract().path("items.id");
        String cursor = given().header("Authorization", Tokens.bearer("viewer")).queryParam("limit", 2)
                .get("/api/v1/customers").then().extract().path("nextCursor");
        List<String> second = given().header("Authorization", Tokens.bearer("viewer"))
                .queryParam("limit", 2).queryParam("cursor", cursor)
                .get("/api/v1/customers").then().statusCode(200).body("items", hasSize(2)).extract().path("items.id");
        assertEquals(2, first.size());
        second.forEach(id -> assertEquals(false, first.contains(id), "page two repeats " + id));
        assertNotEquals(marker, cursor);
        given().header("Authorization", Tokens.bearer("viewer")).queryParam("cursor", "%%%not-a-cursor")
                .get("/api/v1/customers").then().statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void patchMergesValidatesAndRecordsConsent() {
        String id = create(phone(), "");
        given().header("Authorization", Tokens.bearer("marketer")).contentType("application/merge-patch+json")
                .body("{\"lastName\":null,\"smsConsent\":false,\"notes\":\"asked to pause\"}")
                .patch("/api/v1/customers/" + id)
                .then().statusCode(200)
                .body("lastName", nullValue())
                .body("firstName", equalTo("Ana"))
                .body("smsConsent", equalTo(false))
                .body("notes", equalTo("asked to pause"));

        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"phone\":\"12345\"}")
                .patch("/api/v1/customers/" + id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("phone"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\"}")
                .patch("/api/v1/customers/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("id"));
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + id)
                .then().body("lastName", nullValue()).body("smsConsent", equalTo(false));
    }

    @Test
    void aNationalNumberWithItsRegionIsStoredAsE164WithItsCountry() {
        String digits = String.valueOf(10000000L + ThreadLocalRandom.current().nextLong(89999999L));
        String national = "0151 " + digits.substring(0, 4) + " " + digits.substring(4);
        String id = given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"firstName\":\"Ana\",\"phone\":\"" + national + "\",\"region\":\"de\"}")
                .post("/api/v1/customers").then().statusCode(201)
                .body("phone", equalTo("+49151" + digits)).body("country", equalTo("DE")).body("$", not(hasKey("region")))
                .extract().path("id");
        given().header("Authorization", Tokens.bearer("marketer")).queryParam("country", "de").queryParam("q", "+49151" + digits)
                .get("/api/v1/customers").then().statusCode(200).body("items.id", contains(id));
        // a number changed to another country's moves the customer there
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"phone\":\"(212) 555-" + digits.substring(0, 4) + "\",\"region\":\"US\"}")
                .patch("/api/v1/customers/" + id).then().statusCode(200)
                .body("phone", equalTo("+1212555" + digits.substring(0, 4))).body("country", equalTo("US"));
    }

    @Test
    void aNumberThatIsNotValidIsRefusedSayingWhy() {
        Map<String, String> refused = Map.of(
                "{\"phone\":\"0151 12345678\"}", "is not international (+ and the country code) and no region says where it is national",
                "{\"phone\":\"12\",\"region\":\"DE\"}", "is too short in DE",
                "{\"phone\":\"+49 153 12345678\"}", "is not a number in use in DE",
                "{\"phone\":\"call me\",\"region\":\"DE\"}", "is not a phone number");
        refused.forEach((body, reason) -> given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/customers").then().statusCode(400).contentType("application/problem+json")
                .body("errors.find { it.field == 'phone' }.reason", equalTo(reason)));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"phone\":\"0151 12345678\",\"region\":\"XX\"}")
                .post("/api/v1/customers").then().statusCode(400).body("errors[0].field", equalTo("region"));
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"phone\":\"0151 12345678\",\"region\":\"Germany\"}")
                .post("/api/v1/customers").then().statusCode(400).body("errors[0].field", equalTo("region"));
    }

    @Test
    void softDeleteHidesTheCustomerAndFreesNothing() {
        String phone = phone();
        String id = create(phone, "");
        given().header("Authorization", Tokens.bearer("marketer")).delete("/api/v1/customers/" + id)
                .then().statusCode(204);
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("marketer")).delete("/api/v1/customers/" + id)
                .then().statusCode(404);
        given().header("Authorization", Tokens.bearer("marketer")).queryParam("phone", phone).get("/api/v1/customers")
                .then().body("items", hasSize(0));
    }

    @Test
    void invalidInputIsA400ProblemNamingEachField() {
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"phone\":\"0151 234\",\"email\":\"not-an-email\",\"timezone\":\"Mars/Olympus\"}")
                .post("/api/v1/customers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem("phone"))
                .body("errors.field", hasItem("email"))
                .body("errors.field", hasItem("timezone"))
                .body(not(containsString("at io.")));

        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone() + "\",\"smsConsent\":\"maybe\"}")
                .post("/api/v1/customers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("smsConsent"));

        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"phone\":")
                .post("/api/v1/customers")
                .then().statusCode(400).contentType("application/problem+json");

        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone() + "\",\"favouriteColour\":\"red\"}")
                .post("/api/v1/customers")
                .then().statusCode(400).body("errors[0].field", equalTo("favouriteColour"));

        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/not-a-uuid")
                .then().statusCode(400).body("errors[0].field", equalTo("id"));
    }

    @Test
    void aDuplicatePhoneIsA409AndWritesNothing() {
        String phone = phone();
        create(phone, "");
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"firstName\":\"Other\",\"phone\":\"" + phone + "\"}")
                .post("/api/v1/customers")
                .then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("phone"))
                .body(not(containsString(phone)));
        given().header("Authorization", Tokens.bearer("marketer")).queryParam("phone", phone).get("/api/v1/customers")
                .then().body("items", hasSize(1)).body("items[0].firstName", equalTo("Ana"));
    }

    @Test
    void everyEndpointWantsATokenAndARole() {
        given().get("/api/v1/customers").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer not.a.jwt").get("/api/v1/customers").then().statusCode(401);
        given().header("Authorization", Tokens.bearer("viewer")).contentType(ContentType.JSON)
                .body("{\"phone\":\"" + phone() + "\"}")
                .post("/api/v1/customers")
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("stranger")).get("/api/v1/customers").then().statusCode(403);
    }

    @Test
    void healthOpenApiAndMetricsAreServed() {
        ServiceBasics.assertServed("/api/v1/customers");
    }

    @Test
    void aRetriedCreateWithAnIdempotencyKeyCreatesOneCustomer() {
        String phone = phone();
        String body = "{\"firstName\":\"Ana\",\"phone\":\"" + phone + "\"}";
        String key = java.util.UUID.randomUUID().toString();
        String first = given().header("Authorization", Tokens.bearer("marketer")).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/api/v1/customers")
                .then().statusCode(201).header("Idempotent-Replayed", nullValue()).extract().path("id");
        given().header("Authorization", Tokens.bearer("marketer")).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/api/v1/customers")
                .then().statusCode(201).header("Idempotent-Replayed", equalTo("true")).body("id", equalTo(first));
        given().header("Authorization", Tokens.bearer("marketer")).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body("{\"firstName\":\"Other\",\"phone\":\"" + phone() + "\"}")
                .post("/api/v1/customers")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("Idempotency-Key"));
        given().header("Authorization", Tokens.bearer("marketer")).queryParam("phone", phone).get("/api/v1/customers")
                .then().body("items", hasSize(1));
    }

    @Test
    void everyOperationAdmitsTheRolesThatBelongAndNoBadToken() {
        AuthMatrix.Result result = AuthMatrix.run(java.util.Set.of("POST /api/v1/customers/{id}/erase"));
        assertTrue(result.operations() >= 9, "the OpenAPI document lists the operations: " + result.operations());
        assertEquals(List.of(), result.violations(), result.requests() + " requests");
    }

    @Test
    void viewersSeeACustomersPersonalDataMaskedAndTheOthersSeeItWhole() {
        String phone = phone();
        String id = create(phone, ",\"email\":\"bo.x@example.com\",\"dateOfBirth\":\"1990-01-02\",\"notes\":\"prefers evenings\"");
        String masked = io.dnwerks.common.logging.PhoneMask.mask(phone);
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + id).then().statusCode(200)
                .body("phone", equalTo(masked)).body("email", equalTo("b***@example.com"))
                .body("dateOfBirth", equalTo(null)).body("notes", equalTo(null)).body("firstName", equalTo("Ana"));
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/customers/" + id)
                .then().statusCode(200).body("notes", equalTo(null));
        // a masked answer to a lookup would still confirm a guessed number: viewers may not look up by phone or email
        given().header("Authorization", Tokens.bearer("viewer")).queryParam("phone", phone).get("/api/v1/customers")
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("viewer")).queryParam("email", "bo.x@example.com").get("/api/v1/customers")
                .then().statusCode(403);
        for (String role : List.of("admin", "marketer")) {
            given().header("Authorization", Tokens.bearer(role)).get("/api/v1/customers/" + id).then().statusCode(200)
                    .body("phone", equalTo(phone)).body("email", equalTo("bo.x@example.com"))
                    .body("dateOfBirth", equalTo("1990-01-02")).body("notes", equalTo("prefers evenings"));
        }
    }
}
