package io.dnwerks.testing;

import io.dnwerks.common.db.MigrationRollback;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Migrates a service's schema up, all the way down through the undo scripts, and up again, in a
 * scratch database of the real test PostgreSQL, so that the running service is not disturbed.
 */
public final class MigrationRoundTrip {

    private MigrationRoundTrip() {
    }

    public record Result(List<String> tablesAfterUp, List<String> rolledBack, List<String> objectsAfterDown,
                         List<String> tablesAfterSecondUp) {
    }

    public static Result run(String schema, String... locations) throws SQLException {
        String database = "migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String adminUrl = TestInfrastructure.get().jdbcUrl().replaceFirst("/[^/]*$", "/postgres");
        try (Connection admin = DriverManager.getConnection(adminUrl, "postgres", "");
             Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        String url = adminUrl.replaceFirst("/postgres$", "/" + database);
        try {
            Flyway flyway = Flyway.configure().dataSource(url, "postgres", "").schemas(schema)
                    .locations(locations).load();
            flyway.migrate();
            List<String> afterUp = tables(url, schema);
            List<String> rolledBack;
            try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                rolledBack = MigrationRollback.rollback(c, schema, null);
            }
            List<String> afterDown = objects(url, schema);
            flyway.migrate();
            return new Result(afterUp, rolledBack, afterDown, tables(url, schema));
        } finally {
            try (Connection admin = DriverManager.getConnection(adminUrl, "postgres", "");
                 Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    private static List<String> tables(String url, String schema) throws SQLException {
        return query(url, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = '" + schema + "' AND c.relkind IN ('r','p','m') AND NOT c.relispartition"
                + " AND c.relname <> 'flyway_schema_history' ORDER BY 1");
    }

    /** Whatever is left in the schema after rolling back: tables, views, sequences, functions, types. */
    private static List<String> objects(String url, String schema) throws SQLException {
        List<String> left = query(url, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = '" + schema + "' AND c.relname NOT LIKE 'flyway_schema_history%' ORDER BY 1");
        left.addAll(query(url, "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname = '" + schema + "' ORDER BY 1"));
        return left;
    }

    private static List<String> query(String url, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
