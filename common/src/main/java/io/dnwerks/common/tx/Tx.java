package io.dnwerks.common.tx;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * The database transaction a write belongs to. The outbox, the audit trail, the inbox and idempotency
 * keys take one as an argument, so their rows commit or roll back with the change they are about and
 * cannot land on another connection. There are two kinds, both obtained from {@link Transactions}: a
 * Hibernate Reactive session's transaction (services, single-record consumers) and a Vert.x
 * connection's (batch consumers, bulk SQL). Statements use {@code $1..$n} parameters in both.
 */
public sealed interface Tx permits SessionTx, ConnectionTx {

    /** Runs one statement in this transaction; completes with the number of rows it changed. */
    Uni<Integer> execute(String sql, Object... params);

    /** Runs one query in this transaction; each row as its column values, in order. */
    Uni<List<Object[]>> query(String sql, Object... params);
}
