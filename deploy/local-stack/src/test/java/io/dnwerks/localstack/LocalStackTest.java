package io.dnwerks.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalStackTest {

    @Test
    void postgresComesUpWithOneRolePerServiceOwningItsSchema(@TempDir Path dir) throws Exception {
        try (PostgresServer pg = PostgresServer.start(0, dir.resolve("pg"))) {
            pg.bootstrap(); // a second run changes nothing and does not fail
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "")) {
                List<String> owners = new ArrayList<>();
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT n.nspname || '=' || r.rolname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner"
                                + " WHERE n.nspname IN ('customer','campaign','delivery','audit') ORDER BY 1");
                while (rs.next()) {
                    owners.add(rs.getString(1));
                }
                assertEquals(List.of("audit=audit_service", "campaign=campaign_service",
                        "customer=customer_service", "delivery=delivery_service"), owners);
            }
            // a service role cannot touch another service's schema
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "campaign_service", "")) {
                c.createStatement().execute("CREATE TABLE campaign.t1 (id int)");
                SQLException denied = assertThrows(SQLException.class,
                        () -> c.createStatement().execute("CREATE TABLE customer.t2 (id int)"));
                assertEquals("42501", denied.getSQLState());
            }
            // reporting_readonly reads tables created later, and cannot write
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "reporting_readonly", "")) {
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM campaign.t1");
                assertTrue(rs.next());
                SQLException readOnly = assertThrows(SQLException.class,
                        () -> c.createStatement().execute("INSERT INTO campaign.t1 VALUES (1)"));
                assertEquals("25006", readOnly.getSQLState());
            }
        }
    }

    @Test
    void kafkaBrokerStartsCreatesTopicsAndRestartsOnItsData(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("kafka");
        int port;
        try (KafkaServer kafka = KafkaServer.start(0, data)) {
            port = kafka.port();
            kafka.createTopics(List.of("smoke.v1", "smoke.v1.dlq"), 3);
            assertTrue(topics(kafka.bootstrapServers()).containsAll(Set.of("smoke.v1", "smoke.v1.dlq")));
        }
        assertFalse(Ports.inUse(port), "the broker is gone after close");
        try (KafkaServer again = KafkaServer.start(0, data)) {
            assertEquals(port, again.port(), "a restarted broker keeps its port");
            assertTrue(topics(again.bootstrapServers()).contains("smoke.v1"), "topics survive a restart");
        }
    }

    @Test
    void devTokensAreSignedWithTheLocalKey(@TempDir Path dir) throws Exception {
        DevKeys keys = DevKeys.loadOrCreate(dir);
        String token = new DevTokens(keys).issue("marketer", Duration.ofMinutes(5));
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        var verifier = java.security.Signature.getInstance("SHA256withRSA");
        verifier.initVerify(DevKeys.loadOrCreate(dir).publicKey());
        verifier.update((parts[0] + "." + parts[1]).getBytes());
        assertTrue(verifier.verify(java.util.Base64.getUrlDecoder().decode(parts[2])));
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
        assertTrue(claims.contains("\"groups\":[\"marketer\"]"), claims);
    }

    private static Set<String> topics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
