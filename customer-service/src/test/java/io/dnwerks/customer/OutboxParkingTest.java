package io.dnwerks.customer;

import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.event.Topics;
import io.dnwerks.common.outbox.Outbox;
import io.dnwerks.common.outbox.OutgoingEvent;
import io.dnwerks.common.tx.Transactions;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.OnVertx;
import io.dnwerks.testing.Sql;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An event Kafka refuses for good is parked, and neither blocks nor repeats the events after it. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class OutboxParkingTest {

    private static final String TYPE = "dnwerks.customer.ParkingTest.v1";

    @Inject
    Outbox outbox;

    @Inject
    Vertx vertx;

    @Test
    void anEventKafkaRefusesIsParkedWithItsReasonAndTheEventsAfterItArePublishedOnce() throws Exception {
        String big = UUID.randomUUID().toString();
        String next = UUID.randomUUID().toString();
        try (TopicProbe events = TopicProbe.tail(Topics.CUSTOMER_EVENTS)) {
            // written in one transaction, so that one relay round takes both: 1.2 MB is over Kafka's 1 MiB
            try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "customer_service", "")) {
                c.setAutoCommit(false);
                insert(c, big, "{\"blob\":\"" + "x".repeat(1_200_000) + "\"}");
                insert(c, next, "{\"small\":true}");
                c.commit();
            }
            List<ConsumerRecord<String, byte[]>> after = events.await(r -> next.equals(r.key()), 1, Duration.ofSeconds(30));
            assertEquals(1, after.size(), "the event after the refused one is published");
            assertEquals(0, events.collect(r -> next.equals(r.key()) || big.equals(r.key()), Duration.ofSeconds(3)).size(),
                    "and only once; the refused one never");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedReason(big) != null);
        assertTrue(parkedReason(big).contains("RecordTooLargeException"), parkedReason(big));
        assertEquals(0, count("SELECT count(*) FROM customer.outbox WHERE aggregate_id = '" + big + "'"), "it left the outbox");
        io.dnwerks.testing.Management.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("dnwerks_outbox_parked_total{topic=\"customer.events.v1\",type=\"" + TYPE + "\"}"));
    }

    @Test
    void aChangeWhoseEventWouldBeTooLargeIsRefusedWithA413AndWritesNothing() throws Exception {
        String aggregate = UUID.randomUUID().toString();
        Throwable f = assertThrows(ApiException.class, () -> OnVertx.await(vertx, () -> Panache.withTransaction(() ->
                Transactions.current().flatMap(tx -> outbox.append(tx, new OutgoingEvent(Topics.CUSTOMER_EVENTS, "customer",
                        aggregate, TYPE, Map.of("blob", "é".repeat(600_000))))))));
        ApiException refused = assertInstanceOf(ApiException.class, f);
        assertEquals(413, refused.problem().status());
        assertEquals("body", refused.problem().errors().get(0).field());
        assertTrue(refused.problem().errors().get(0).reason().contains("1200011 bytes; events are limited to 1000000 bytes"),
                refused.problem().errors().get(0).reason());
        assertEquals(0, count("SELECT count(*) FROM customer.outbox WHERE aggregate_id = '" + aggregate + "'"));
    }

    private static void insert(Connection c, String aggregate, String payload) throws Exception {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO customer.outbox (id, topic, aggregate_type, aggregate_id, event_type, payload)"
                + " VALUES (gen_random_uuid(), ?, 'customer', ?, ?, ?::json)")) {
            s.setString(1, Topics.CUSTOMER_EVENTS);
            s.setString(2, aggregate);
            s.setString(3, TYPE);
            s.setString(4, payload);
            s.executeUpdate();
        }
    }

    private static String parkedReason(String aggregate) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "customer_service", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT reason FROM customer.outbox_parked WHERE aggregate_id = '" + aggregate + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static long count(String sql) throws Exception {
        return Sql.count("customer_service", sql);
    }
}
