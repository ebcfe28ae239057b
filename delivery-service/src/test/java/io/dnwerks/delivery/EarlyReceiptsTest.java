package io.dnwerks.delivery;

import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.TestInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A receipt that overtakes the record of its send (the gateway is faster than our commit) is kept
 * and applied once the send is recorded. Dispatch is off in this profile, so the test records the
 * send itself, as dispatch's statement does, after the receipt has arrived.
 */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class EarlyReceiptsTest {

    @Test
    void aReceiptThatArrivesBeforeItsSendIsRecordedIsAppliedOnceItIs() throws Exception {
        UUID campaign = UUID.randomUUID();
        FanOutTest.batch(campaign, Instant.now().truncatedTo(ChronoUnit.MILLIS), UUID.randomUUID(), 0, 1,
                FanOutTest.recipient(UUID.randomUUID(), DispatchTest.phone("31"), "Ed", "E"));
        assertEquals(Map.of("pending", 1), awaitStatus(campaign, "pending"));

        String early = "SIM-early-" + UUID.randomUUID();
        String never = "SIM-never-" + UUID.randomUUID();
        String receipt = "{\"externalId\":\"" + early + "\",\"status\":\"delivered\"}";
        given().contentType(ContentType.JSON).headers(DispatchTest.signed(receipt)).body(receipt)
                .post("/webhooks/receipts/simulator").then().statusCode(202);
        String batch = "{\"receipts\":[{\"externalId\":\"" + never + "\",\"status\":\"failed\"}]}";
        given().contentType(ContentType.JSON).headers(DispatchTest.signed(batch)).body(batch)
                .post("/webhooks/receipts/simulator").then().statusCode(200).body("results.outcome", contains("accepted"));
        // journaled, then taken by the receipt consumer: no message has either id yet, so both wait
        await().atMost(Duration.ofSeconds(10)).until(() -> parked(early, never) == 2);
        assertEquals(Map.of("pending", 1), DispatchTest.statusCounts(campaign));

        recordSend(campaign, early);

        assertEquals(Map.of("delivered", 1), awaitStatus(campaign, "delivered"));
        Map<String, Integer> counters = DispatchTest.counters(campaign);
        assertEquals(1, counters.get("delivered"), counters.toString());
        assertEquals(0, counters.get("sent"), counters.toString());
        assertEquals(0, counters.get("pending"), counters.toString());
        assertEquals(1, parked(early, never), "the applied receipt left the parking; the unmatched one waits on");
    }

    /**
     * What dispatch's statement does when the gateway accepts a campaign's messages: each sent with its
     * external id (the first id to the first message by id, and so on), and the counts.
     */
    static void recordSend(UUID campaign, String... externalIds) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("WITH ext AS (SELECT * FROM unnest(ARRAY['" + String.join("','", externalIds) + "']) WITH ORDINALITY AS e(external_id, n)),"
                    + " m AS (SELECT id, created_at, row_number() OVER (ORDER BY id) AS n FROM delivery.campaign_messages"
                    + " WHERE campaign_id = '" + campaign + "'),"
                    + " upd AS (UPDATE delivery.campaign_messages t SET status = 'sent', sent_at = now(), external_id = ext.external_id"
                    + " FROM m JOIN ext ON ext.n = m.n WHERE t.id = m.id AND t.created_at = m.created_at"
                    + " RETURNING t.id, t.created_at, t.external_id)"
                    + " INSERT INTO delivery.message_external_ids (external_id, message_id, created_at)"
                    + " SELECT external_id, id, created_at FROM upd");
            s.execute("INSERT INTO delivery.campaign_count_deltas (campaign_id, pending, sent) VALUES ('" + campaign + "', -"
                    + externalIds.length + ", " + externalIds.length + ")");
            c.commit();
        }
    }

    private static int parked(String... externalIds) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM delivery.early_receipts WHERE external_id IN ('"
                     + String.join("','", externalIds) + "')")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Map<String, Integer> awaitStatus(UUID campaign, String status) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        Map<String, Integer> counts = DispatchTest.statusCounts(campaign);
        while (!counts.containsKey(status) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            counts = DispatchTest.statusCounts(campaign);
        }
        return counts;
    }
}
