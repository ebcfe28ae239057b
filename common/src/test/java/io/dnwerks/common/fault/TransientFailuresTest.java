package io.dnwerks.common.fault;

import com.fasterxml.jackson.core.JsonParseException;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.Problem;
import io.dnwerks.common.event.PoisonEventException;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransientFailuresTest {

    private static PgException pg(String state) {
        return new PgException("boom", "ERROR", state, null);
    }

    @Test
    void anOutageADeadlockOrAnAdminShutdownIsWaitedOut() {
        assertTrue(TransientFailures.isTransient(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(TransientFailures.isTransient(pg("08006")));
        assertTrue(TransientFailures.isTransient(pg("57P01")));
        assertTrue(TransientFailures.isTransient(pg("40P01")));
        assertTrue(TransientFailures.isTransient(pg("53300")));
        assertTrue(TransientFailures.isTransient(new IllegalStateException("Connection is closed")));
    }

    @Test
    void whatCanNeverSucceedIsNot() {
        assertFalse(TransientFailures.isTransient(pg("23505")), "a unique violation");
        assertFalse(TransientFailures.isTransient(new RuntimeException("timed out waiting", pg("23514"))),
                "the database's own code wins over a wrapper's words");
        assertFalse(TransientFailures.isTransient(new PoisonEventException("body does not fit")));
        assertFalse(TransientFailures.isTransient(new ApiException(Problem.of(413, "Content Too Large", "x", "too large"))));
        assertFalse(TransientFailures.isTransient(new IllegalArgumentException("not serializable", new JsonParseException(null, "x"))),
                "a JSON failure is an IOException, and not transient");
        assertFalse(TransientFailures.isTransient(new NullPointerException()));
    }
}
