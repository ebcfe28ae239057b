package io.dnwerks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.localstack.Launcher;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A marketer's campaign through all four services, over their HTTP APIs only: every eligible
 * customer gets exactly one SMS (the simulator's ledger says so), no ineligible one gets any, each
 * message ends in the status the gateway's behaviour calls for, the stats add up and the campaign
 * ends sent; and scheduled campaigns launch once with two replicas. Faults (crashes, outages) are
 * {@link FaultHarnessEndToEndTest}'s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CampaignEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong PHONES = new AtomicLong(100_000);
    private static Suite suite;

    @BeforeAll
    static void startTheSuite() throws Exception {
        suite = new Suite();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterAll
    static void stopTheSuite() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    /** The people of one scenario, by what should happen to them. */
    static final class Audience {
        final List<String> ids = new ArrayList<>();
        final Map<String, String> expectedStatusByPhone = new HashMap<>();
        final Set<String> ineligiblePhones = new java.util.HashSet<>();

        int eligible() {
            return expectedStatusByPhone.size();
        }
    }

    static RequestSpecification as(String role, String service) {
        return RestAssured.given().baseUri(suite.url(service)).header("Authorization", suite.bearer(role));
    }

    static String phone(String suffix) {
        // +49160 (a German mobile range libphonenumber takes as valid), six running digits, then the two
        // digits that tell the simulator how to behave
        return "+49160" + PHONES.incrementAndGet() + suffix;
    }

    static String customer(String phone, String extra) {
        return as("marketer", "customer").contentType(ContentType.JSON)
                .body("{\"firstName\":\"P" + phone.substring(phone.length() - 4) + "\",\"phone\":\"" + phone + "\"" + extra + "}")
                .post("/api/v1/customers").then().statusCode(201).extract().path("id");
    }

    /**
     * {@code normal} customers who get their SMS, and a few of each kind the platform must handle:
     * no consent, do-not-contact, deleted (never texted), flaky (two 503s, then delivered),
     * rejected by the gateway, and accepted but undeliverable.
     */
    static Audience seed(int normal) {
        Audience a = new Audience();
        for (int i = 0; i < normal; i++) {
            String p = phone("1" + (i % 7));
            a.ids.add(customer(p, ""));
            a.expectedStatusByPhone.put(p, "delivered");
        }
        for (int i = 0; i < 10; i++) {
            String noConsent = phone("21");
            a.ids.add(customer(noConsent, ",\"smsConsent\":false"));
            a.ineligiblePhones.add(noConsent);
            String dnc = phone("22");
            a.ids.add(customer(dnc, ",\"doNotContact\":true"));
            a.ineligiblePhones.add(dnc);
            String deleted = phone("23");
            String id = customer(deleted, "");
            as("marketer", "customer").delete("/api/v1/customers/" + id).then().statusCode(204);
            a.ids.add(id);
            a.ineligiblePhones.add(deleted);
            String flaky = phone("98");
            a.ids.add(customer(flaky, ""));
            a.expectedStatusByPhone.put(flaky, "delivered");
            String rejected = phone("99");
            a.ids.add(customer(rejected, ""));
            a.expectedStatusByPhone.put(rejected, "rejected");
            String undeliverable = phone("97");
            a.ids.add(customer(undeliverable, ""));
            a.expectedStatusByPhone.put(undeliverable, "failed");
        }
        return a;
    }

    static String launch(String name, String audienceJson) {
        String id = as("marketer", "campaign").contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"messageContent\":\"Hi {{firstName}}, our spring sale starts now!\","
                        + "\"audience\":" + audienceJson + ",\"sendImmediately\":true,\"maxRetries\":3,\"retryDelayMinutes\":1}")
                .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
        as("marketer", "campaign").post("/api/v1/campaigns/" + id + "/launch").then().statusCode(200);
        return id;
    }

    static JsonNode stats(String campaign) throws Exception {
        return JSON.readTree(as("viewer", "campaign").get("/api/v1/campaigns/" + campaign + "/stats").then().statusCode(200)
                .extract().asString());
    }

    static JsonNode awaitSent(String campaign, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode s = stats(campaign);
        while (!"sent".equals(s.path("status").asText()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            s = stats(campaign);
        }
        return s;
    }

    /** Everything the gateway accepted, by phone: how many times. */
    static Map<String, Integer> ledgerAcceptances() throws Exception {
        JsonNode all = JSON.readTree(RestAssured.given().baseUri(suite.simulatorUrl()).get("/ledger/messages").then().statusCode(200)
                .extract().asString());
        Map<String, Integer> byPhone = new HashMap<>();
        all.forEach(e -> byPhone.merge(e.path("to").asText(), e.path("accepted").asInt(), Integer::sum));
        return byPhone;
    }

    static void assertOutcome(String campaign, Audience a, JsonNode stats) throws Exception {
        assertEquals("sent", stats.path("status").asText(), stats.toString());
        int delivered = (int) a.expectedStatusByPhone.values().stream().filter("delivered"::equals).count();
        int failed = (int) a.expectedStatusByPhone.values().stream().filter("failed"::equals).count();
        int rejected = (int) a.expectedStatusByPhone.values().stream().filter("rejected"::equals).count();
        assertEquals(a.eligible(), stats.path("total").asInt(), "one message per eligible customer");
        assertEquals(delivered, stats.path("delivered").asInt());
        assertEquals(failed, stats.path("failed").asInt());
        assertEquals(rejected, stats.path("rejected").asInt());
        assertEquals(0, stats.path("pending").asInt());
        assertEquals(0, stats.path("sent").asInt());
        assertEquals(stats.path("total").asInt(), stats.path("delivered").asInt() + stats.path("failed").asInt()
                + stats.path("bounced").asInt() + stats.path("rejected").asInt(), "the stats add up to the audience");

        Map<String, Integer> ledger = ledgerAcceptances();
        a.expectedStatusByPhone.forEach((phone, status) -> assertEquals("rejected".equals(status) ? 0 : 1,
                ledger.getOrDefault(phone, 0), "accepted by the gateway exactly once: " + phone));
        a.ineligiblePhones.forEach(phone -> assertFalse(ledger.containsKey(phone), "never sent to " + phone));

        Map<String, String> statusByPhone = new HashMap<>();
        String cursor = null;
        do {
            RequestSpecification r = as("marketer", "delivery").queryParam("limit", 500);
            if (cursor != null) {
                r.queryParam("cursor", cursor);
            }
            JsonNode page = JSON.readTree(r.get("/api/v1/campaigns/" + campaign + "/messages").then().statusCode(200).extract().asString());
            page.path("items").forEach(m -> statusByPhone.put(m.path("phoneNumber").asText(), m.path("status").asText()));
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        assertEquals(a.expectedStatusByPhone, statusByPhone, "every message ends in the right status");
    }

    @Test
    @Order(1)
    void aCampaignToATagReachesEveryEligibleCustomerOnce() throws Exception {
        Audience a = seed(980);
        String tag = as("marketer", "customer").contentType(ContentType.JSON).body("{\"name\":\"spring-" + Instant.now().toEpochMilli() + "\"}")
                .post("/api/v1/tags").then().statusCode(201).extract().path("id");
        for (String id : a.ids) {
            as("marketer", "customer").put("/api/v1/customers/" + id + "/tags/" + tag).then().statusCode(org.hamcrest.Matchers.anyOf(
                    org.hamcrest.Matchers.is(201), org.hamcrest.Matchers.is(404))); // the deleted ones are gone
        }
        assertTrue(a.eligible() >= 1000, "at least 1,000 recipients: " + a.eligible());
        String campaign = launch("Spring sale", "{\"tagIds\":[\"" + tag + "\"]}");
        JsonNode stats = awaitSent(campaign, Duration.ofMinutes(3));
        assertOutcome(campaign, a, stats);

        // the audit trail holds the campaign's changes: created, launched, completed
        JsonNode trail = JSON.readTree(as("admin", "audit").queryParam("table", "campaigns").queryParam("recordId", campaign)
                .get("/api/v1/audit-logs").then().statusCode(200).extract().asString());
        List<String> statuses = new ArrayList<>();
        trail.path("items").forEach(e -> statuses.add(e.path("newValues").path("status").asText()));
        assertTrue(statuses.containsAll(List.of("draft", "sending", "sent")), statuses.toString());

        // and each message's changes: a delivered one went pending -> sent -> delivered, a rejected one pending -> rejected
        assertEquals(List.of("pending>sent", "sent>delivered"), messageTrail(campaign, "delivered", 2));
        assertEquals(List.of("pending>rejected"), messageTrail(campaign, "rejected", 1));

        assertErasedEverywhere(campaign, a.ids.get(0));
    }

    /**
     * The right to erasure across the services: after POST /customers/{id}/erase the customer's message
     * in delivery has no number or text, and the audit trail's entries about them keep the facts only.
     */
    static void assertErasedEverywhere(String campaign, String customer) throws Exception {
        String phone = as("admin", "customer").get("/api/v1/customers/" + customer).then().statusCode(200).extract().path("phone");
        as("marketer", "customer").post("/api/v1/customers/" + customer + "/erase").then().statusCode(403);
        as("admin", "customer").post("/api/v1/customers/" + customer + "/erase").then().statusCode(200);
        as("admin", "customer").get("/api/v1/customers/" + customer).then().statusCode(404);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String row = null;
        boolean auditErased = false;
        while (Instant.now().isBefore(deadline)) {
            String csv = as("admin", "delivery").get("/api/v1/campaigns/" + campaign + "/messages/export").then().statusCode(200)
                    .extract().asString();
            row = java.util.Arrays.stream(csv.split("\r\n")).filter(l -> l.split(",", -1)[1].equals(customer)).findFirst().orElse(null);
            JsonNode trail = JSON.readTree(as("admin", "audit").queryParam("recordId", customer).get("/api/v1/audit-logs")
                    .then().statusCode(200).extract().asString());
            auditErased = trail.path("items").size() > 0 && !trail.toString().contains(phone);
            if (row != null && row.split(",", -1)[2].isEmpty() && auditErased) {
                break;
            }
            Thread.sleep(500);
        }
        assertTrue(row != null && row.split(",", -1)[2].isEmpty(), "the message keeps no number: " + row);
        assertEquals("delivered", row.split(",", -1)[3], "and keeps its status");
        assertTrue(auditErased, "the audit trail keeps no value that names the customer");
    }

    /** The audited status changes of one of the campaign's messages in the given status, oldest first. */
    static List<String> messageTrail(String campaign, String status, int changes) throws Exception {
        String message = as("marketer", "delivery").queryParam("status", status).queryParam("limit", 1)
                .get("/api/v1/campaigns/" + campaign + "/messages").then().statusCode(200).extract().path("items[0].id");
        List<String> trail = new ArrayList<>();
        for (int i = 0; i < 300 && trail.size() < changes; i++) {
            JsonNode page = JSON.readTree(as("admin", "audit").queryParam("table", "campaign_messages").queryParam("recordId", message)
                    .get("/api/v1/audit-logs").then().statusCode(200).extract().asString());
            trail.clear();
            page.path("items").forEach(e -> trail.add(0, e.path("oldValues").path("status").asText() + ">"
                    + e.path("newValues").path("status").asText()));
            Thread.sleep(100);
        }
        return trail;
    }

    @Test
    @Order(2)
    void scheduledCampaignsLaunchOnceWithTwoReplicasOfCampaignService() throws Exception {
        Launcher.ServiceProcess second = suite.startSecondCampaignReplica();
        List<String> people = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String p = phone("1" + i);
            phones.add(p);
            people.add(customer(p, ""));
        }
        String audience = "{\"customerIds\":[" + people.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(",")) + "]}";
        Map<String, Integer> ledgerBefore = ledgerAcceptances();
        // both replicas poll every second; every campaign falls due at the same instant
        String due = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(10).toString();
        List<String> campaigns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String replica = i % 2 == 0 ? "campaign" : "campaign-2";
            String id = as("marketer", replica).contentType(ContentType.JSON)
                    .body("{\"name\":\"Scheduled " + i + "\",\"messageContent\":\"Hi {{firstName}}, doors open at nine!\","
                            + "\"audience\":" + audience + ",\"scheduledAt\":\"" + due + "\",\"timezone\":\"UTC\"}")
                    .post("/api/v1/campaigns").then().statusCode(201).extract().path("id");
            as("marketer", replica).post("/api/v1/campaigns/" + id + "/launch").then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.is("scheduled"));
            campaigns.add(id);
        }

        for (String campaign : campaigns) {
            JsonNode stats = awaitSent(campaign, Duration.ofMinutes(2));
            assertEquals("sent", stats.path("status").asText(), stats.toString());
            assertEquals(5, stats.path("total").asInt(), stats.toString());
            assertEquals(5, stats.path("delivered").asInt(), stats.toString());
        }
        for (String campaign : campaigns) {
            assertEquals(1, launchesInTheAuditTrail(campaign), "launched exactly once: " + campaign);
        }
        Map<String, Integer> ledger = ledgerAcceptances();
        for (String p : phones) {
            assertEquals(12, ledger.getOrDefault(p, 0) - ledgerBefore.getOrDefault(p, 0), "one SMS per campaign for " + p);
        }
        // the schedulers' own account: between them, each campaign was launched once
        int launchedByFirst = scheduledLaunchesLogged(suite.stack.service("campaign").log());
        int launchedBySecond = scheduledLaunchesLogged(second.log());
        assertEquals(12, launchedByFirst + launchedBySecond, "first " + launchedByFirst + ", second " + launchedBySecond);
    }

    /** How many times the trail records a campaign going to sending, once audit-service has its completion. */
    static int launchesInTheAuditTrail(String campaign) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            JsonNode trail = JSON.readTree(as("admin", "audit").queryParam("table", "campaigns").queryParam("recordId", campaign)
                    .queryParam("limit", 100).get("/api/v1/audit-logs").then().statusCode(200).extract().asString());
            List<String> statuses = new ArrayList<>();
            trail.path("items").forEach(e -> statuses.add(e.path("newValues").path("status").asText()));
            if (statuses.contains("sent")) {
                return (int) statuses.stream().filter("sending"::equals).count();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the audit trail never recorded campaign " + campaign + " as sent");
    }

    static int scheduledLaunchesLogged(java.nio.file.Path log) throws Exception {
        java.util.regex.Pattern launched = java.util.regex.Pattern.compile("launched (\\d+) scheduled campaign");
        int n = 0;
        for (String line : java.nio.file.Files.readAllLines(log)) {
            java.util.regex.Matcher m = launched.matcher(line);
            if (m.find()) {
                n += Integer.parseInt(m.group(1));
            }
        }
        return n;
    }
}
