package io.dnwerks.delivery;

import io.dnwerks.contracts.customer.CustomerErased;
import io.dnwerks.contracts.customer.CustomerSnapshot;
import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.Sql;
import io.dnwerks.testing.TestInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CustomerErased from customer-service: the customer's number is suppressed, their messages lose number and text, the facts stay. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "delivery"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class ErasureTest {

    /** A paused campaign (no round sends it) with one message to the customer in {@code status}. */
    private static UUID campaignWithMessage(UUID customer, String phone, String status) throws Exception {
        UUID campaign = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO delivery.delivery_campaigns (campaign_id, launched_at, status) VALUES ('" + campaign
                    + "', date_trunc('milliseconds', now()), 'paused')");
            s.execute("INSERT INTO delivery.campaign_messages (id, campaign_id, customer_id, phone_number, message_content, status, created_at)"
                    + " SELECT gen_random_uuid(), campaign_id, '" + customer + "', '" + phone + "', 'Hi Ana, your code is 1234', '" + status
                    + "', launched_at FROM delivery.delivery_campaigns WHERE campaign_id = '" + campaign + "'");
        }
        return campaign;
    }

    @Test
    void anErasedCustomersMessagesKeepTheFactsAndLoseTheNumberAndText() throws Exception {
        UUID erased = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String phone = DispatchTest.phone("11");
        String otherPhone = DispatchTest.phone("12");
        OptOutTest.customerEvent(CustomerSnapshot.CREATED, erased, OptOutTest.customer(erased, phone, "en", true, false));
        OptOutTest.customerEvent(CustomerSnapshot.CREATED, other, OptOutTest.customer(other, otherPhone, "en", true, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> Sql.count("delivery_service",
                "SELECT count(*) FROM delivery.recipients WHERE customer_id IN ('" + erased + "', '" + other + "')") == 2);
        UUID pending = campaignWithMessage(erased, phone, "pending");
        UUID delivered = campaignWithMessage(erased, phone, "delivered");
        UUID untouched = campaignWithMessage(other, otherPhone, "delivered");

        OptOutTest.customerEvent(CustomerErased.TYPE, erased, new CustomerErased(erased, "ab".repeat(32), OffsetDateTime.now(ZoneOffset.UTC)));

        await().atMost(Duration.ofSeconds(20)).until(() -> Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages"
                + " WHERE customer_id = '" + erased + "' AND phone_number IS NULL AND message_content IS NULL AND erased_at IS NOT NULL") == 2);
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "delivery_service", "");
             Statement s = c.createStatement()) {
            // the pending message ended as a deleted customer's does; the delivered one keeps its status
            ResultSet rs = s.executeQuery("SELECT campaign_id, status, coalesce(error_message, '') FROM delivery.campaign_messages"
                    + " WHERE customer_id = '" + erased + "' ORDER BY status");
            assertTrue(rs.next());
            assertEquals(delivered.toString(), rs.getString(1));
            assertEquals("delivered", rs.getString(2));
            assertTrue(rs.next());
            assertEquals(pending.toString(), rs.getString(1));
            assertEquals("rejected", rs.getString(2));
            assertEquals("deleted", rs.getString(3));
        }
        assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.recipients WHERE customer_id = '" + erased
                + "' AND suppressed_reason = 'deleted'"), "the number is never texted again");
        assertEquals(1, Sql.count("delivery_service", "SELECT count(*) FROM delivery.campaign_messages WHERE campaign_id = '" + untouched
                + "' AND phone_number = '" + otherPhone + "' AND message_content IS NOT NULL"), "nobody else's messages change");

        // the same event again (a replay) changes nothing and is no poison
        OptOutTest.customerEvent(CustomerErased.TYPE, erased, new CustomerErased(erased, "ab".repeat(32), OffsetDateTime.now(ZoneOffset.UTC)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> Sql.count("delivery_service",
                "SELECT count(*) FROM delivery.campaign_messages WHERE customer_id = '" + erased + "' AND erased_at IS NOT NULL") == 2);
    }
}
