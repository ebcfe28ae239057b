package io.dnwerks.common.fault;

import com.fasterxml.jackson.core.JacksonException;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.event.PoisonEventException;
import io.vertx.pgclient.PgException;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that will pass (the database restarting or failing over, a connection dropped, a
 * deadlock, a pool with no connection free in time) from one that will not (a bug, a value the
 * database refuses). Consumers wait the first kind out for as long as it lasts and never send its
 * record to a DLQ: a PostgreSQL failover of a minute must not cost a campaign its audience.
 */
public final class TransientFailures {

    /**
     * SQLSTATEs that say "try again later" rather than "this cannot be done": connection exceptions
     * (class 08), insufficient resources (53), operator intervention such as an admin shutdown or a
     * crash of another backend (57P01..57P03), a statement cancelled by its timeout (57014), a
     * serialization failure (40001), a deadlock (40P01) and a lock not available in time (55P03).
     */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "57014", "40001", "40P01", "55P03");
    private static final Set<String> CLASSES = Set.of("08", "53");

    /**
     * What the Vert.x clients say, in exceptions that carry no SQLSTATE, when a connection is refused,
     * dropped or cannot be had from the pool in time.
     */
    private static final String[] MESSAGES = {
            "connection refused", "connection is closed", "connection reset", "closed connection",
            "connection is not active", "failed to connect", "timeout", "timed out", "broken pipe",
            "the database system is starting up", "the database system is shutting down",
            "terminating connection", "pool closed", "max wait queue size",
    };

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        // what says "this cannot be done" outright is never waited out, whatever it wraps
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof PoisonEventException || t instanceof ApiException || t instanceof IllegalArgumentException
                    || t instanceof JacksonException) {
                return false;
            }
        }
        // the database's own word, wherever it is in the chain, before any message text
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return transientState(pg.getSqlState());
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return transientState(sql.getSQLState());
            }
        }
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof IOException || t instanceof TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException || t instanceof java.net.SocketException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                for (String m : MESSAGES) {
                    if (lower.contains(m)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        Throwable cause = t.getCause();
        return cause == t ? null : cause;
    }

    static boolean transientState(String state) {
        return STATES.contains(state) || (state.length() == 5 && CLASSES.contains(state.substring(0, 2)));
    }
}
