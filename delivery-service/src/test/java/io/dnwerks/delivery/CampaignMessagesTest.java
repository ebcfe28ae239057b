package io.dnwerks.delivery;

import io.dnwerks.testing.AuthMatrix;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.ServiceBasics;
import io.dnwerks.testing.MigrationRoundTrip;
import io.dnwerks.testing.TestInfrastructure;
import io.dnwerks.testing.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CampaignMessagesTest {

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
    }

    /** A launched campaign with {@code pending} pending and {@code sent} sent messages, in one statement each. */
    private static UUID campaignWith(int pending, int sent) throws SQLException {
        UUID campaign = UUID.randomUUID();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO delivery.delivery_campaigns (campaign_id, launched_at) VALUES ('" + campaign + "', date_trunc('milliseconds', now()))");
            s.execute("INSERT INTO delivery.campaign_messages (id, campaign_id, customer_id, phone_number, message_content, status, created_at)"
                    + " SELECT gen_random_uuid(), campaign_id, gen_random_uuid(), '+49151' || lpad(g::text, 7, '0'), 'Hi there ' || g,"
                    + " CASE WHEN g <= " + pending + " THEN 'pending' ELSE 'sent' END, launched_at"
                    + " FROM delivery.delivery_campaigns, generate_series(1, " + (pending + sent) + ") g WHERE campaign_id = '" + campaign + "'");
        }
        return campaign;
    }

    @Test
    void listsACampaignsMessagesByStatusPageByPage() throws SQLException {
        UUID campaign = campaignWith(3, 2);
        given().header("Authorization", Tokens.bearer("marketer")).queryParam("status", "pending")
                .get("/api/v1/campaigns/" + campaign + "/messages")
                .then().statusCode(200).body("items", hasSize(3)).body("items.status", everyItem(equalTo("pending")))
                .body("items[0].phoneNumber", startsWith("+49151")).body("nextCursor", nullValue());
        String cursor = given().header("Authorization", Tokens.bearer("marketer")).queryParam("limit", 4)
                .get("/api/v1/campaigns/" + campaign + "/messages")
                .then().statusCode(200).body("items", hasSize(4)).body("nextCursor", notNullValue()).extract().path("nextCursor");
        given().header("Authorization", Tokens.bearer("marketer")).queryParam("limit", 4).queryParam("cursor", cursor)
                .get("/api/v1/campaigns/" + campaign + "/messages")
                .then().statusCode(200).body("items", hasSize(1));
        given().header("Authorization", Tokens.bearer("viewer")).queryParam("status", "sent")
                .get("/api/v1/campaigns/" + campaign + "/messages")
                .then().statusCode(200).body("items", hasSize(2)).body("items.phoneNumber", everyItem(startsWith("+49****")));
    }

    @Test
    void aCampaignsMessagesAreExportedAsCsvPageByPage() throws SQLException {
        UUID campaign = campaignWith(2, 3);
        String csv = given().header("Authorization", Tokens.bearer("marketer")).get("/api/v1/campaigns/" + campaign + "/messages/export")
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertEquals("messageId,customerId,phone,status,error,externalId,retryCount,outcomeUnknown,createdAt,sentAt,deliveredAt,"
                + "consentGivenAt,consentSource", lines.get(0));
        assertEquals(6, lines.size(), csv);
        List<String> customers = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT customer_id FROM delivery.campaign_messages WHERE campaign_id = '" + campaign
                     + "' ORDER BY customer_id")) {
            while (rs.next()) {
                customers.add(rs.getString(1));
            }
        }
        // every message once, in customer order, across pages of two
        assertEquals(customers, lines.subList(1, 6).stream().map(l -> l.split(",", -1)[1]).toList());
        assertTrue(lines.subList(1, 6).stream().allMatch(l -> l.split(",", -1)[2].startsWith("+49151")));

        String sent = given().header("Authorization", Tokens.bearer("viewer")).queryParam("status", "sent")
                .get("/api/v1/campaigns/" + campaign + "/messages/export").then().statusCode(200).extract().asString();
        List<String> rows = List.of(sent.split("\r\n")).subList(1, 4);
        assertTrue(rows.stream().allMatch(l -> l.split(",", -1)[3].equals("sent")), sent);
        assertTrue(rows.stream().allMatch(l -> l.split(",", -1)[2].startsWith("+49****")), "viewers see masked numbers: " + sent);

        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/" + UUID.randomUUID() + "/messages/export")
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().header("Authorization", Tokens.bearer("viewer")).queryParam("status", "lost")
                .get("/api/v1/campaigns/" + campaign + "/messages/export").then().statusCode(400).body("errors[0].field", equalTo("status"));
        given().get("/api/v1/campaigns/" + campaign + "/messages/export").then().statusCode(401);
    }

    @Test
    void healthOpenApiAndMetricsAreServed() {
        ServiceBasics.assertServed("/api/v1/campaigns/{campaignId}/messages");
    }

    @Test
    void badQueriesAreNamed() {
        given().header("Authorization", Tokens.bearer("viewer")).get("/api/v1/campaigns/nope/messages")
                .then().statusCode(400).body("errors[0].field", equalTo("campaignId"));
        given().header("Authorization", Tokens.bearer("viewer")).queryParam("status", "lost")
                .get("/api/v1/campaigns/" + UUID.randomUUID() + "/messages")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        given().get("/api/v1/campaigns/" + UUID.randomUUID() + "/messages").then().statusCode(401);
    }

    @Test
    void oneMessagePerCustomerPerCampaignHoldsAcrossPartitions() throws SQLException {
        UUID campaign = campaignWith(1, 0);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            SQLException duplicate = assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO delivery.campaign_messages (id, campaign_id, customer_id, phone_number, message_content, created_at)"
                            + " SELECT gen_random_uuid(), campaign_id, customer_id, phone_number, message_content, created_at"
                            + " FROM delivery.campaign_messages WHERE campaign_id = '" + campaign + "'"));
            assertEquals("23505", duplicate.getSQLState());
            // the same recipient under another created_at (another partition) is refused: created_at is the launch time
            SQLException otherMonth = assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO delivery.campaign_messages (id, campaign_id, customer_id, phone_number, message_content, created_at)"
                            + " SELECT gen_random_uuid(), campaign_id, customer_id, phone_number, message_content, created_at - interval '40 days'"
                            + " FROM delivery.campaign_messages WHERE campaign_id = '" + campaign + "'"));
            assertEquals("23503", otherMonth.getSQLState());
            SQLException moved = assertThrows(SQLException.class, () -> s.execute(
                    "UPDATE delivery.campaign_messages SET created_at = created_at + interval '1 second' WHERE campaign_id = '" + campaign + "'"));
            assertEquals("23514", moved.getSQLState());
            SQLException relaunched = assertThrows(SQLException.class, () -> s.execute(
                    "UPDATE delivery.delivery_campaigns SET launched_at = launched_at + interval '1 second' WHERE campaign_id = '" + campaign + "'"));
            assertEquals("23514", relaunched.getSQLState());
            SQLException badStatus = assertThrows(SQLException.class, () -> s.execute(
                    "UPDATE delivery.campaign_messages SET status = 'lost' WHERE campaign_id = '" + campaign + "'"));
            assertEquals("23514", badStatus.getSQLState());
            SQLException badPhone = assertThrows(SQLException.class, () -> s.execute(
                    "UPDATE delivery.campaign_messages SET phone_number = '12-34' WHERE campaign_id = '" + campaign + "'"));
            assertEquals("23514", badPhone.getSQLState());
            s.execute("INSERT INTO delivery.message_external_ids (external_id, message_id, created_at) VALUES ('SM-" + campaign + "', gen_random_uuid(), now())");
            SQLException externalTwice = assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO delivery.message_external_ids (external_id, message_id, created_at) VALUES ('SM-" + campaign + "', gen_random_uuid(), now())"));
            assertEquals("23505", externalTwice.getSQLState());
        }
    }

    @Test
    void messagesLandInTheirMonthsPartitionAndMigrationsGoBothWays() throws SQLException {
        UUID campaign = campaignWith(2, 0);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT DISTINCT tableoid::regclass::text FROM delivery.campaign_messages WHERE campaign_id = '" + campaign + "'");
            List<String> partitions = new ArrayList<>();
            while (rs.next()) {
                partitions.add(rs.getString(1));
            }
            assertEquals(1, partitions.size());
            assertTrue(partitions.get(0).matches("(delivery\\.)?campaign_messages_\\d{4}_\\d{2}"), partitions.toString());
        }
        MigrationRoundTrip.Result r = MigrationRoundTrip.run("delivery", "classpath:db/migration", "classpath:db/dnwerks-common");
        assertTrue(r.tablesAfterUp().containsAll(List.of("campaign_messages", "delivery_campaigns", "message_external_ids")));
        assertFalse(r.rolledBack().isEmpty());
        assertEquals(List.of(), r.objectsAfterDown());
        assertEquals(r.tablesAfterUp(), r.tablesAfterSecondUp());
    }

    @Test
    void everyOperationAdmitsTheRolesThatBelongAndNoBadToken() {
        AuthMatrix.Result result = AuthMatrix.run();
        assertTrue(result.operations() >= 1, "the OpenAPI document lists the operations: " + result.operations());
        assertEquals(List.of(), result.violations(), result.requests() + " requests");
    }
}
