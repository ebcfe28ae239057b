package io.dnwerks.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One-line reads of the test database, for tests that check what a service wrote. */
public final class Sql {


    private Sql() {
    }

    /** The single number {@code sql} (a {@code SELECT count(*) ...}) returns, read as {@code user}. */
    public static long count(String user, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), user, "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
