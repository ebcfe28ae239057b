package io.dnwerks.customer;

import io.dnwerks.common.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.TopicProbe;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A second relay on the same outbox, as a second replica of the service would run one. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class OutboxReplicasTest {

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry meters;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void twoRelaysPublishEveryEventExactlyOnceAndInOrderPerCustomer() throws Exception {
        OutboxRelay second = new OutboxRelay(pool, vertx, kafkaConfig, "customer-service", true, Duration.ofMillis(5), 7, "lz4", meters);
        second.start();
        try (TopicProbe events = TopicProbe.tail("customer.events.v1")) {
            Set<String> ids = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                writes.add(CompletableFuture.runAsync(() -> {
                    String id = CustomerApiTest.create(CustomerApiTest.phone(), "");
                    ids.add(id);
                    io.restassured.RestAssured.given()
                            .header("Authorization", io.dnwerks.testing.Tokens.bearer("marketer"))
                            .contentType(io.restassured.http.ContentType.JSON).body("{\"firstName\":\"Bea\"}")
                            .patch("/api/v1/customers/" + id).then().statusCode(200);
                }));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
            List<ConsumerRecord<String, byte[]>> seen = events.await(r -> ids.contains(r.key()), 120, Duration.ofSeconds(60));
            seen.addAll(events.collect(r -> ids.contains(r.key()), Duration.ofSeconds(2)));

            Map<String, List<String>> typesByCustomer = new HashMap<>();
            Set<String> eventIds = new java.util.HashSet<>();
            for (ConsumerRecord<String, byte[]> r : seen) {
                assertTrue(eventIds.add(TopicProbe.header(r, "ce_id")), "published twice: " + TopicProbe.header(r, "ce_id"));
                typesByCustomer.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(TopicProbe.header(r, "ce_type"));
            }
            assertEquals(120, seen.size(), "every event once");
            typesByCustomer.forEach((id, types) -> assertEquals(
                    List.of("dnwerks.customer.CustomerCreated.v1", "dnwerks.customer.CustomerUpdated.v1"), types, id));
        } finally {
            second.stop();
        }
    }
}
