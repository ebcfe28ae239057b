package io.dnwerks.customer;

import io.dnwerks.testing.DnwerksTestResource;
import io.dnwerks.testing.MigrationRoundTrip;
import io.dnwerks.testing.TestInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The database itself refuses what the seed forbids, whatever code writes to it. */
@QuarkusTest
@WithTestResource(value = DnwerksTestResource.class, initArgs = @ResourceArg(name = "service", value = "customer"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class CustomerSchemaTest {

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "customer_service", "");
    }

    private static String insert(String phone, String email) {
        return "INSERT INTO customer.customers (phone, email) VALUES ('" + phone + "', " + (email == null ? "NULL" : "'" + email + "'") + ")";
    }

    private static String sqlStateOf(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
            return e.getSQLState();
        }
    }

    @Test
    void rejectsWhatTheSeedForbids() throws SQLException {
        String phone = "+3161" + (1000000 + ThreadLocalRandom.current().nextInt(8999999));
        assertEquals("23514", sqlStateOf(insert("0151-234", null)), "phone must be E.164");
        assertEquals("23514", sqlStateOf(insert("+0151234567", null)), "E.164 does not start with 0");
        assertEquals("23514", sqlStateOf(insert(phone, "no-at-sign")), "email must look like one");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(insert(phone, null));
        }
        assertEquals("23505", sqlStateOf(insert(phone, null)), "phone is unique");
        // only an erased customer has no number (V2026.12.06.3)
        assertEquals("23514", sqlStateOf("INSERT INTO customer.customers (phone) VALUES (NULL)"), "phone is required");
        assertEquals("23514", sqlStateOf("INSERT INTO customer.tags (name, color, created_by) VALUES ('t', 'blue', gen_random_uuid())"));
    }

    @Test
    void emailIsUniqueOnlyWhereSet() throws SQLException {
        String email = "dup" + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com";
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(insert("+3162" + (1000000 + ThreadLocalRandom.current().nextInt(8999999)), null));
            s.execute(insert("+3163" + (1000000 + ThreadLocalRandom.current().nextInt(8999999)), null));
            s.execute(insert("+3164" + (1000000 + ThreadLocalRandom.current().nextInt(8999999)), email));
        }
        assertEquals("23505", sqlStateOf(insert("+3165" + (1000000 + ThreadLocalRandom.current().nextInt(8999999)), email)));
    }

    @Test
    void segmentStatsRefreshConcurrently() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO customer.customer_segments (name, conditions) VALUES ('vip', '{\"field\": \"source\", \"op\": \"equals\", \"value\": \"nobody-has-this-source\"}')");
            s.execute("SELECT customer.refresh_segment_stats()");
            var rs = s.executeQuery("SELECT actual_count FROM customer.customer_segment_stats WHERE name = 'vip'");
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void reportingReadsTheServiceTablesAndWritesNothing() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "reporting_readonly", "");
             Statement s = c.createStatement()) {
            assertTrue(s.executeQuery("SELECT count(*) FROM customer.customers").next());
            assertTrue(s.executeQuery("SELECT count(*) FROM customer.customer_segment_stats").next());
            assertEquals("25006", assertThrows(SQLException.class,
                    () -> s.execute("DELETE FROM customer.customers")).getSQLState());
        }
    }

    @Test
    void everyMigrationHasAWayBack() throws SQLException {
        MigrationRoundTrip.Result r = MigrationRoundTrip.run("customer", "classpath:db/migration", "classpath:db/dnwerks-common");
        assertTrue(r.tablesAfterUp().containsAll(List.of("customers", "tags", "customer_tags", "customer_segments",
                "segment_memberships", "customer_segment_stats", "consent_events", "outbox", "processed_events")), r.tablesAfterUp().toString());
        assertFalse(r.rolledBack().isEmpty());
        assertEquals(List.of(), r.objectsAfterDown(), "rolling back leaves nothing behind");
        assertEquals(r.tablesAfterUp(), r.tablesAfterSecondUp());
    }
}
