package io.dnwerks.common.tx;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** The transaction of a Vert.x SQL connection ({@link Transactions#onConnection}): for bulk statements. */
public final class ConnectionTx implements Tx {

    private final SqlConnection connection;

    ConnectionTx(SqlConnection connection) {
        this.connection = connection;
    }

    /** The connection itself, for bulk statements with array parameters; it is in this transaction. */
    public SqlConnection connection() {
        return connection;
    }

    @Override
    public Uni<Integer> execute(String sql, Object... params) {
        return connection.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> rows.rowCount());
    }

    @Override
    public Uni<List<Object[]>> query(String sql, Object... params) {
        return connection.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<Object[]> out = new ArrayList<>(rows.rowCount());
            for (Row r : rows) {
                Object[] values = new Object[r.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.getValue(i);
                }
                out.add(values);
            }
            return out;
        });
    }
}
