package io.dnwerks.common.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The way back for Flyway migrations (Flyway's own undo is not in the community edition): every
 * {@code V<version>__<name>.sql} has a {@code U<version>__<name>.sql} in an undo location. Rolling
 * back runs the undo scripts newest first, each in its own transaction with the removal of its
 * history row, down to (not including) a target version.
 */
public final class MigrationRollback {

    /** Where undo scripts live: the service's own, then the shared library's. */
    public static final List<String> UNDO_LOCATIONS = List.of("db/undo", "db/dnwerks-common-undo");

    private MigrationRollback() {
    }

    /**
     * @param targetVersion keep this version and older; null rolls everything back
     * @return the versions rolled back, newest first
     */
    public static List<String> rollback(Connection connection, String schema, String targetVersion) throws SQLException {
        List<String[]> applied = new ArrayList<>();
        String history = quote(schema) + ".flyway_schema_history";
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, script FROM " + history
                     + " WHERE version IS NOT NULL AND success ORDER BY installed_rank DESC")) {
            while (rs.next()) {
                applied.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        List<String> undone = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("SET search_path TO " + quote(schema));
            connection.commit();
            for (String[] migration : applied) {
                String version = migration[0];
                if (targetVersion != null && compare(version, targetVersion) <= 0) {
                    break;
                }
                String undo = undoScript(migration[1]);
                s.execute(undo);
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + history + " WHERE version = ?")) {
                    delete.setString(1, version);
                    delete.executeUpdate();
                }
                connection.commit();
                undone.add(version);
            }
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return undone;
    }

    static String undoScript(String migrationScript) {
        String name = migrationScript.substring(migrationScript.lastIndexOf('/') + 1);
        if (!name.startsWith("V")) {
            throw new IllegalStateException("not a versioned migration: " + migrationScript);
        }
        String undoName = "U" + name.substring(1);
        for (String location : UNDO_LOCATIONS) {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(location + "/" + undoName)) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("migration " + name + " has no way back: " + undoName + " is missing from " + UNDO_LOCATIONS);
    }

    /** Flyway version order: dot-separated numbers compared numerically. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
