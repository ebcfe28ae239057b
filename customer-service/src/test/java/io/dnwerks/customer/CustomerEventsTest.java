package io.dnwerks.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.Tokens;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CustomerEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWriteYieldsItsDomainEventAndAnAuditRecordNamingTheCaller() throws Exception {
        UUID user = UUID.randomUUID();
        String phone = CustomerApiTest.phone();
        try (TopicProbe audit = TopicProbe.tail("audit.v1"); TopicProbe events = TopicProbe.tail("customer.events.v1")) {
            String id = given().header("Authorization", Tokens.bearer(user, "marketer")).header("User-Agent", "crm-sync/2.1")
                    .contentType(ContentType.JSON)
                    .body("{\"firstName\":\"Ana\",\"phone\":\"" + phone + "\"}")
                    .post("/api/v1/customers").then().statusCode(201).extract().path("id");
            given().header("Authorization", Tokens.bearer(user, "marketer")).contentType(ContentType.JSON)
                    .body("{\"firstName\":\"Bea\"}")
                    .patch("/api/v1/customers/" + id).then().statusCode(200);

            List<ConsumerRecord<String, byte[]>> created = events.await(r -> id.equals(r.key()), 2, Duration.ofSeconds(30));
            assertEquals(2, created.size(), "CustomerCreated and CustomerUpdated");
            ConsumerRecord<String, byte[]> first = created.get(0);
            assertEquals("dnwerks.customer.CustomerCreated.v1", TopicProbe.header(first, "ce_type"));
            assertEquals("dnwerks.customer.CustomerUpdated.v1", TopicProbe.header(created.get(1), "ce_type"));
            assertEquals("/customer-service", TopicProbe.header(first, "ce_source"));
            assertEquals(id, TopicProbe.header(first, "ce_subject"));
            assertEquals("1.0", TopicProbe.header(first, "ce_specversion"));
            UUID.fromString(TopicProbe.header(first, "ce_id"));
            assertNotNull(TopicProbe.header(first, "ce_time"));
            assertEquals(phone, JSON.readTree(first.value()).path("phone").asText(), TopicProbe.body(first));

            List<ConsumerRecord<String, byte[]>> trail = audit.await(r -> id.equals(r.key()), 2, Duration.ofSeconds(30));
            assertEquals(2, trail.size());
            JsonNode insert = JSON.readTree(trail.get(0).value());
            assertEquals("dnwerks.audit.AuditRecord.v1", TopicProbe.header(trail.get(0), "ce_type"));
            assertEquals("customers", insert.get("tableName").asText());
            assertEquals("INSERT", insert.get("action").asText());
            assertEquals(id, insert.get("recordId").asText());
            assertTrue(insert.get("oldValues") == null || insert.get("oldValues").isNull());
            assertEquals(phone, insert.get("newValues").get("phone").asText());
            assertEquals(user.toString(), insert.get("userId").asText());
            assertEquals("crm-sync/2.1", insert.get("userAgent").asText());
            assertNotNull(insert.get("ipAddress").asText());

            JsonNode update = JSON.readTree(trail.get(1).value());
            assertEquals("UPDATE", update.get("action").asText());
            assertEquals("Ana", update.get("oldValues").get("firstName").asText());
            assertEquals("Bea", update.get("newValues").get("firstName").asText());
            List<String> changed = new ArrayList<>();
            update.get("changedFields").forEach(f -> changed.add(f.asText()));
            assertEquals(List.of("firstName", "updatedAt"), changed);
        }
    }

    @Test
    void withKafkaStoppedAWriteSucceedsAndItsEventArrivesOnceWhenKafkaReturns() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        if (!infra.ownsKafka()) {
            throw new IllegalStateException("this test stops Kafka: run it against the test-managed broker");
        }
        infra.stopKafka();
        String id;
        try {
            id = CustomerApiTest.create(CustomerApiTest.phone(), "");
            assertNull(sentAt(id), "nothing can be published while Kafka is down");
        } finally {
            infra.startKafka();
        }
        try (TopicProbe events = TopicProbe.fromStart("customer.events.v1")) {
            List<ConsumerRecord<String, byte[]>> arrived = events.await(r -> id.equals(r.key()), 1, Duration.ofSeconds(60));
            assertEquals(1, arrived.size(), "the event arrives once Kafka is back");
            // and only once: nothing more for this customer in a further window
            assertEquals(0, events.collect(r -> id.equals(r.key()), Duration.ofSeconds(3)).size());
        }
        assertNotNull(sentAt(id), "the relay stamped the event sent");
    }

    /** sent_at of the CustomerCreated outbox row; null while unsent. */
    private static java.sql.Timestamp sentAt(String customerId) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "postgres", "");
             PreparedStatement s = c.prepareStatement("SELECT sent_at FROM customer.outbox WHERE aggregate_id = ? AND event_type LIKE '%CustomerCreated%'")) {
            s.setString(1, customerId);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "the outbox holds the event");
                return rs.getTimestamp(1);
            }
        }
    }
}
