package io.dnwerks.common.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * For the bulk statements that touch a few hundred rows of a table that grows by thousands a second
 * (outbox, campaign_messages, message_external_ids): the planner's statistics lag behind such a table
 * and price a full scan feeding a hash join, or a bitmap scan of every unsent event followed by a sort,
 * below the index lookups. Those plans grew with the table: at a million messages a batch of 440
 * receipts took 200 ms and a relay round over a second (auto_explain, ./dnwerks bench). Within the
 * statement's own transaction we take hash and merge joins, bitmap and sequential scans and sorts off
 * the menu, which leaves the index walk the planner should have chosen.
 */
public final class IndexLookups {

    private static final String ONLY_INDEX_LOOKUPS = "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;"
            + " SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off";

    private IndexLookups() {
    }

    /** Call first in a transaction; lasts until it ends. */
    public static Uni<Void> only(SqlConnection conn) {
        return conn.query(ONLY_INDEX_LOOKUPS).execute().replaceWithVoid();
    }

    /** Runs one statement in a transaction of its own, planned with index lookups only. */
    public static Uni<RowSet<Row>> execute(Pool pool, String sql, Tuple args) {
        return pool.withTransaction(conn -> only(conn).chain(() -> conn.preparedQuery(sql).execute(args)));
    }
}
