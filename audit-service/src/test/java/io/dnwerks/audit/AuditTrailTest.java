package io.dnwerks.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dnwerks.common.audit.AuditAction;
import io.dnwerks.common.audit.AuditRecord;
import io.dnwerks.common.audit.AuditRecords;
import io.dnwerks.testing.AuthMatrix;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.ServiceBasics;
import io.dnwerks.testing.MigrationRoundTrip;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "audit"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class AuditTrailTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static AuditRecord record(UUID recordId, UUID user) {
        return new AuditRecord(UUID.randomUUID(), "customer-service", "customers", recordId, AuditAction.UPDATE,
                JSON.createObjectNode().put("firstName", "Ana"), JSON.createObjectNode().put("firstName", "Bea"),
                List.of("firstName"), user, "10.1.2.3", "crm-sync/2.1", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    }

    static void publish(AuditRecord r, UUID eventId) throws Exception {
        TopicProbe.send("audit.v1", r.recordId().toString(), JSON.writeValueAsBytes(r), Map.of(
                "ce_specversion", "1.0", "ce_id", eventId.toString(), "ce_type", AuditRecord.EVENT_TYPE,
                "ce_source", "/customer-service", "ce_subject", r.recordId().toString(),
                "ce_time", Instant.now().toString(), "content-type", "application/json"));
    }

    static int awaitCount(UUID recordId, int expected) throws InterruptedException {
        int count = -1;
        for (int i = 0; i < 100; i++) {
            count = given().header("Authorization", Tokens.bearer("admin")).queryParam("recordId", recordId.toString())
                    .get("/api/v1/audit-logs").then().statusCode(200).extract().path("items.size()");
            if (count >= expected) {
                return count;
            }
            Thread.sleep(200);
        }
        return count;
    }

    @Test
    void aRecordDeliveredTwiceIsStoredOnceAndServedByTheApi() throws Exception {
        UUID customerId = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        AuditRecord r = record(customerId, user);
        UUID eventId = UUID.randomUUID();
        publish(r, eventId);
        publish(r, eventId);
        assertEquals(1, awaitCount(customerId, 1));
        Thread.sleep(1500); // give the duplicate every chance to be (wrongly) stored
        given().header("Authorization", Tokens.bearer("viewer"))
                .queryParam("table", "customers").queryParam("recordId", customerId.toString())
                .get("/api/v1/audit-logs")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(r.id().toString()))
                .body("items[0].action", equalTo("UPDATE"))
                .body("items[0].oldValues.firstName", equalTo("Ana"))
                .body("items[0].newValues.firstName", equalTo("Bea"))
                .body("items[0].changedFields[0]", equalTo("firstName"))
                .body("items[0].userId", equalTo(user.toString()))
                .body("items[0].ipAddress", equalTo("10.1.2.3"))
                .body("items[0].userAgent", equalTo("crm-sync/2.1"));
        given().header("Authorization", Tokens.bearer("admin")).queryParam("userId", user.toString())
                .get("/api/v1/audit-logs").then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void anErasedCustomersEntriesKeepTheFactsAndLoseTheirValuesLateOnesToo() throws Exception {
        UUID customerId = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        AuditRecord before = record(customerId, user);
        publish(before, UUID.randomUUID());
        publish(record(other, user), UUID.randomUUID());
        assertEquals(1, awaitCount(customerId, 1));
        assertEquals(1, awaitCount(other, 1));

        OffsetDateTime erasedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        TopicProbe.send("customer.events.v1", customerId.toString(),
                JSON.writeValueAsBytes(new io.dnwerks.contracts.customer.CustomerErased(customerId, "ab".repeat(32), erasedAt)), Map.of(
                        "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", io.dnwerks.contracts.customer.CustomerErased.TYPE,
                        "ce_source", "/customer-service", "ce_subject", customerId.toString(), "ce_time", Instant.now().toString(),
                        "content-type", "application/json"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(
                given().header("Authorization", Tokens.bearer("admin")).queryParam("recordId", customerId.toString())
                        .get("/api/v1/audit-logs").then().statusCode(200).extract().<Boolean>path("items[0].newValues.erased")));
        given().header("Authorization", Tokens.bearer("admin")).queryParam("recordId", customerId.toString()).get("/api/v1/audit-logs")
                .then().statusCode(200).body("items", hasSize(1))
                .body("items[0].id", equalTo(before.id().toString())).body("items[0].action", equalTo("UPDATE"))
                .body("items[0].userId", equalTo(user.toString())).body("items[0].oldValues.erased", equalTo(true))
                .body("items[0].oldValues.firstName", org.hamcrest.Matchers.nullValue());

        // an entry about them that comes after the erasure is stored without its values; the erasure's own keeps its fact
        AuditRecord late = record(customerId, user);
        publish(late, UUID.randomUUID());
        AuditRecord erasure = new AuditRecord(UUID.randomUUID(), "customer-service", "customers", customerId, AuditAction.UPDATE,
                JSON.createObjectNode().put("erased", false), JSON.createObjectNode().put("erased", true).put("erasedAt", erasedAt.toString()),
                List.of("erased"), user, null, null, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
        publish(erasure, UUID.randomUUID());
        assertEquals(3, awaitCount(customerId, 3));
        given().header("Authorization", Tokens.bearer("admin")).queryParam("recordId", customerId.toString()).get("/api/v1/audit-logs")
                .then().statusCode(200)
                .body("items.find { it.id == '" + late.id() + "' }.newValues.erased", equalTo(true))
                .body("items.find { it.id == '" + late.id() + "' }.newValues.firstName", org.hamcrest.Matchers.nullValue())
                .body("items.find { it.id == '" + erasure.id() + "' }.newValues.erasedAt", equalTo(erasedAt.toString()));
        // nobody else's entries change
        given().header("Authorization", Tokens.bearer("admin")).queryParam("recordId", other.toString()).get("/api/v1/audit-logs")
                .then().statusCode(200).body("items[0].newValues.firstName", equalTo("Bea"));
    }

    @Test
    void manyRecordsInOneEventAreEachStoredOnce() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        AuditRecords batch = new AuditRecords(List.of(record(first, user), record(second, user), record(first, user)));
        UUID eventId = UUID.randomUUID();
        for (int i = 0; i < 2; i++) { // the second delivery must change nothing
            TopicProbe.send("audit.v1", "campaign-1", JSON.writeValueAsBytes(batch), Map.of(
                    "ce_specversion", "1.0", "ce_id", eventId.toString(), "ce_type", AuditRecords.EVENT_TYPE,
                    "ce_source", "/delivery-service", "ce_subject", "campaign-1", "content-type", "application/json"));
        }
        assertEquals(2, awaitCount(first, 2), "both of the first record's changes");
        assertEquals(1, awaitCount(second, 1));
        Thread.sleep(1500); // give the redelivery every chance to be (wrongly) stored
        given().header("Authorization", Tokens.bearer("admin")).queryParam("userId", user.toString())
                .get("/api/v1/audit-logs").then().statusCode(200).body("items", hasSize(3));
    }

    @Test
    void aPoisonRecordGoesToTheDlqAndTheNextRecordIsStillStored() throws Exception {
        try (TopicProbe dlq = TopicProbe.tail("audit.v1.dlq")) {
            String poisonKey = "poison-" + UUID.randomUUID();
            TopicProbe.send("audit.v1", poisonKey, "this is not json".getBytes(StandardCharsets.UTF_8),
                    Map.of("ce_id", UUID.randomUUID().toString(), "ce_type", AuditRecord.EVENT_TYPE));
            String headerless = "headerless-" + UUID.randomUUID();
            TopicProbe.send("audit.v1", headerless, "{}".getBytes(StandardCharsets.UTF_8), Map.of());

            UUID customerId = UUID.randomUUID();
            publish(record(customerId, UUID.randomUUID()), UUID.randomUUID());

            List<ConsumerRecord<String, byte[]>> dead = dlq.await(
                    d -> poisonKey.equals(d.key()) || headerless.equals(d.key()), 2, Duration.ofSeconds(30));
            assertEquals(2, dead.size(), "both poison records are in the DLQ");
            String reason = TopicProbe.header(dead.get(0), "dead-letter-reason");
            assertNotNull(reason, "the DLQ record says why");
            assertTrue(reason.contains("not JSON") || reason.contains("ce_id"), reason);
            assertEquals(1, awaitCount(customerId, 1), "the consumer went on after the poison");
        }
        io.dnwerks.testing.Management.given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aRecordTheDatabaseRefusesGoesToTheDlqAloneAndItsNeighboursAreStored() throws Exception {
        try (TopicProbe dlq = TopicProbe.tail("audit.v1.dlq")) {
            UUID customerId = UUID.randomUUID();
            AuditRecord good = record(customerId, UUID.randomUUID());
            AuditRecord r = record(customerId, UUID.randomUUID());
            // well-formed JSON and a complete record, but no IP address PostgreSQL would accept
            AuditRecord refused = new AuditRecord(r.id(), r.service(), r.tableName(), r.recordId(), r.action(), r.oldValues(),
                    r.newValues(), r.changedFields(), r.userId(), "999.1.2.3", r.userAgent(), r.occurredAt());
            UUID refusedEvent = UUID.randomUUID();
            // same key, same partition: most likely one poll, so the batch fails and is split
            publish(refused, refusedEvent);
            publish(good, UUID.randomUUID());

            List<ConsumerRecord<String, byte[]>> dead = dlq.await(
                    d -> refusedEvent.toString().equals(TopicProbe.header(d, "ce_id")), 1, Duration.ofSeconds(60));
            assertEquals(1, dead.size());
            assertTrue(TopicProbe.header(dead.get(0), "dead-letter-reason").contains("inet"),
                    TopicProbe.header(dead.get(0), "dead-letter-reason"));
            assertEquals("audit.v1", TopicProbe.header(dead.get(0), "dead-letter-topic"));
            assertEquals(1, awaitCount(customerId, 1));
            given().header("Authorization", Tokens.bearer("admin")).queryParam("recordId", customerId.toString())
                    .get("/api/v1/audit-logs").then().statusCode(200).body("items[0].id", equalTo(good.id().toString()));
        }
    }

    @Test
    void healthOpenApiAndMetricsAreServed() {
        ServiceBasics.assertServed("/api/v1/audit-logs");
    }

    @Test
    void everyOperationAdmitsTheRolesThatBelongAndNoBadToken() {
        AuthMatrix.Result result = AuthMatrix.run();
        assertTrue(result.operations() >= 1, "the OpenAPI document lists the operations");
        assertEquals(List.of(), result.violations(), result.requests() + " requests");
    }

    @Test
    void viewersSeeThePersonalDataInAuditValuesMasked() throws Exception {
        UUID customerId = UUID.randomUUID();
        AuditRecord r = new AuditRecord(UUID.randomUUID(), "customer-service", "customers", customerId, AuditAction.UPDATE,
                JSON.createObjectNode().put("phone", "+4915123456789").put("email", "ana.lima@example.com")
                        .put("dateOfBirth", "1990-04-01").put("notes", "prefers evenings").put("firstName", "Ana"),
                JSON.createObjectNode().put("phone", "+4915123456780").put("firstName", "Ana"),
                List.of("phone"), UUID.randomUUID(), "10.1.2.3", "crm", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
        publish(r, UUID.randomUUID());
        assertEquals(1, awaitCount(customerId, 1));
        given().header("Authorization", Tokens.bearer("viewer")).queryParam("recordId", customerId.toString())
                .get("/api/v1/audit-logs").then().statusCode(200)
                .body("items[0].oldValues.phone", equalTo("+49*******6789"))
                .body("items[0].oldValues.email", equalTo("a***@example.com"))
                .body("items[0].oldValues.dateOfBirth", equalTo(null))
                .body("items[0].oldValues.notes", equalTo(null))
                .body("items[0].oldValues.firstName", equalTo("Ana"))
                .body("items[0].newValues.phone", equalTo("+49*******6780"));
        for (String role : List.of("admin", "marketer")) {
            given().header("Authorization", Tokens.bearer(role)).queryParam("recordId", customerId.toString())
                    .get("/api/v1/audit-logs").then().statusCode(200)
                    .body("items[0].oldValues.phone", equalTo("+4915123456789"))
                    .body("items[0].oldValues.notes", equalTo("prefers evenings"));
        }
    }

    @Test
    void searchIsValidatedAndRoleGuarded() {
        given().get("/api/v1/audit-logs").then().statusCode(401).contentType("application/problem+json");
        // a marketer may do all a viewer may: the audit trail included
        given().header("Authorization", Tokens.bearer("marketer")).get("/api/v1/audit-logs").then().statusCode(200);
        given().header("Authorization", Tokens.bearer("admin")).queryParam("recordId", "nope")
                .get("/api/v1/audit-logs").then().statusCode(400).body("errors[0].field", equalTo("recordId"));
        given().header("Authorization", Tokens.bearer("admin")).queryParam("from", "yesterday")
                .get("/api/v1/audit-logs").then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().header("Authorization", Tokens.bearer("admin"))
                .queryParam("from", "2026-11-02T00:00:00Z").queryParam("to", "2026-11-01T00:00:00Z")
                .get("/api/v1/audit-logs").then().statusCode(400).body("errors[0].field", equalTo("to"));
    }

    @Test
    void pagesNewestFirstWithACursor() throws Exception {
        UUID customerId = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            publish(record(customerId, UUID.randomUUID()), UUID.randomUUID());
        }
        assertEquals(3, awaitCount(customerId, 3));
        String cursor = given().header("Authorization", Tokens.bearer("admin")).queryParam("recordId", customerId.toString())
                .queryParam("limit", 2).get("/api/v1/audit-logs").then().statusCode(200).body("items", hasSize(2))
                .extract().path("nextCursor");
        assertNotNull(cursor);
        given().header("Authorization", Tokens.bearer("admin")).queryParam("recordId", customerId.toString())
                .queryParam("limit", 2).queryParam("cursor", cursor).get("/api/v1/audit-logs")
                .then().statusCode(200).body("items", hasSize(1)).body("nextCursor", equalTo(null));
    }

    @jakarta.inject.Inject
    io.dnwerks.common.db.PartitionMaintenance partitions;

    @Test
    void theServiceCreatesAMissingMonthAhead() throws Exception {
        String nextMonth = "audit_logs_" + OffsetDateTime.now(ZoneOffset.UTC).plusMonths(1).toLocalDate().toString().substring(0, 7).replace('-', '_');
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "audit_service", "")) {
            c.createStatement().execute("DROP TABLE audit." + nextMonth);
        }
        partitions.ensureAhead().await().atMost(Duration.ofSeconds(30));
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "audit_service", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT to_regclass('audit." + nextMonth + "') IS NOT NULL")) {
            assertTrue(rs.next() && rs.getBoolean(1), nextMonth + " is back");
        }
    }

    @Test
    void auditLogsArePartitionedByMonthAndMigrateBothWays() throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "postgres", "")) {
            ResultSet rs = c.createStatement().executeQuery(
                    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                            + " JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace"
                            + " WHERE n.nspname = 'audit' AND p.relname = 'audit_logs' ORDER BY 1");
            List<String> partitions = new java.util.ArrayList<>();
            while (rs.next()) {
                partitions.add(rs.getString(1));
            }
            String thisMonth = "audit_logs_" + OffsetDateTime.now(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7).replace('-', '_');
            assertTrue(partitions.contains(thisMonth), partitions.toString());
            assertTrue(partitions.contains("audit_logs_default"), partitions.toString());
            assertEquals(3, partitions.size(), "this month, next month and the default: " + partitions);
        }
        MigrationRoundTrip.Result r = MigrationRoundTrip.run("audit", "classpath:db/migration", "classpath:db/dnwerks-common");
        assertTrue(r.tablesAfterUp().contains("audit_logs"));
        assertFalse(r.rolledBack().isEmpty());
        assertEquals(List.of(), r.objectsAfterDown());
        assertEquals(r.tablesAfterUp(), r.tablesAfterSecondUp());
    }
}
