package io.dnwerks.common.tx;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import java.util.function.Function;

/** Where a {@link Tx} comes from. There is no other way to make one. */
public final class Transactions {

    private Transactions() {
    }

    /**
     * The transaction of the current Hibernate Reactive session. Fails, rather than hand out a session
     * that would commit on its own, when no transaction is open (say, from a batch consumer that runs on
     * a connection of its own: it has its {@link ConnectionTx} and must pass that).
     */
    public static Uni<Tx> current() {
        return Panache.getSession().map(session -> {
            if (session.currentTransaction() == null) {
                throw new IllegalStateException("no transaction is open in this session: call from @WithTransaction, "
                        + "or pass the Tx of the transaction the write belongs to");
            }
            return new SessionTx(session);
        });
    }

    /** Runs {@code work} in a new transaction on a connection of {@code pool}: committed if it succeeds, rolled back if not. */
    public static <T> Uni<T> onConnection(Pool pool, Function<ConnectionTx, Uni<T>> work) {
        return pool.withTransaction(conn -> work.apply(new ConnectionTx(conn)));
    }
}
