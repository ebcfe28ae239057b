package io.dnwerks.customer;

import io.dnwerks.common.event.Topics;
import io.dnwerks.common.outbox.Outbox;
import io.dnwerks.common.outbox.OutgoingEvent;
import io.dnwerks.common.tx.Transactions;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.OnVertx;
import io.dnwerks.testing.Sql;
import io.dnwerks.testing.Tokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each way a write can be transacted keeps an event with its change: committed together, rolled back
 * together, and no way to put the event in a transaction other than the change's.
 */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class TransactionModelTest {

    private static final String TYPE = "dnwerks.customer.TransactionModelTest.v1";

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Test
    void inASessionTransactionTheEventCommitsAndRollsBackWithTheChange() throws Throwable {
        String kept = UUID.randomUUID().toString();
        OnVertx.await(vertx, () -> Panache.withTransaction(() -> Transactions.current()
                .flatMap(tx -> tx.execute("INSERT INTO tags (id, name, color, created_by) VALUES ($1, $2, '#000000', $1)", UUID.randomUUID(), "tx-" + kept)
                        .chain(() -> outbox.append(tx, event(kept))))));
        assertEquals(1, rows("outbox WHERE aggregate_id = '" + kept + "'"));
        assertEquals(1, rows("tags WHERE name = 'tx-" + kept + "'"));

        String undone = UUID.randomUUID().toString();
        assertThrows(IllegalStateException.class, () -> OnVertx.await(vertx, () -> Panache.withTransaction(() -> Transactions.current()
                .flatMap(tx -> tx.execute("INSERT INTO tags (id, name, color, created_by) VALUES ($1, $2, '#000000', $1)", UUID.randomUUID(), "tx-" + undone)
                        .chain(() -> outbox.append(tx, event(undone)))
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change fails after its event")))))));
        assertEquals(0, rows("outbox WHERE aggregate_id = '" + undone + "'"));
        assertEquals(0, rows("tags WHERE name = 'tx-" + undone + "'"));
    }

    @Test
    void onABatchConsumersConnectionTheEventCommitsAndRollsBackWithTheChange() throws Throwable {
        String kept = UUID.randomUUID().toString();
        OnVertx.await(vertx, () -> Transactions.onConnection(pool, tx -> tx.connection()
                .preparedQuery("INSERT INTO tags (id, name, color, created_by) VALUES ($1, $2, '#000000', $1)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(UUID.randomUUID(), "conn-" + kept))
                .chain(() -> outbox.append(tx, event(kept)))));
        assertEquals(1, rows("outbox WHERE aggregate_id = '" + kept + "'"));

        String undone = UUID.randomUUID().toString();
        assertThrows(IllegalStateException.class, () -> OnVertx.await(vertx, () -> Transactions.onConnection(pool, tx -> tx.connection()
                .preparedQuery("INSERT INTO tags (id, name, color, created_by) VALUES ($1, $2, '#000000', $1)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(UUID.randomUUID(), "conn-" + undone))
                .chain(() -> outbox.append(tx, event(undone)))
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change fails after its event"))))));
        assertEquals(0, rows("outbox WHERE aggregate_id = '" + undone + "'"));
        assertEquals(0, rows("tags WHERE name = 'conn-" + undone + "'"));
    }

    @Test
    void aSessionWithoutATransactionIsNoPlaceForAnEvent() {
        // what a batch consumer would get if it reached for the session instead of passing its own Tx
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> OnVertx.await(vertx,
                () -> Transactions.onConnection(pool, ignored -> Panache.withSession(() -> Transactions.current()))));
        assertTrue(refused.getMessage().contains("no transaction is open"), refused.getMessage());
    }

    @Test
    void aRequestThatFailsLeavesNeitherItsChangeNorItsEvents() throws Exception {
        String phone = CustomerApiTest.phone();
        CustomerApiTest.create(phone, "");
        long before = rows("outbox");
        given().header("Authorization", Tokens.bearer("marketer")).contentType(ContentType.JSON)
                .body("{\"firstName\":\"Twin\",\"phone\":\"" + phone + "\"}").post("/api/v1/customers").then().statusCode(409);
        assertEquals(before, rows("outbox"), "the refused create published nothing: no CustomerCreated, no audit record");
    }

    private static OutgoingEvent event(String aggregate) {
        return new OutgoingEvent(Topics.CUSTOMER_EVENTS, "customer", aggregate, TYPE, Map.of("test", true));
    }

    private static long rows(String from) throws Exception {
        return Sql.count("customer_service", "SELECT count(*) FROM customer." + from);
    }
}
