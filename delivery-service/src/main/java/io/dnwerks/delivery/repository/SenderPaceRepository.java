package io.dnwerks.delivery.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The deployment's one schedule per sender (see SenderPace): a booking moves the sender's next free
 * moment on by the request's share, from now if the schedule has fallen behind; nothing is booked
 * while the schedule already runs further ahead than a round may wait.
 */
@ApplicationScoped
public class SenderPaceRepository {

    /**
     * What a booking came to: send at {@code atEpochMillis} (the end of the booked share, on the
     * database's clock, which the replicas' clocks follow); or, when the schedule is full, ask again
     * after {@code retryMillis}.
     */
    public record Booking(boolean booked, long atEpochMillis, long retryMillis) {
    }

    // one statement, so that two replicas booking at once are serialised by the row's lock; answers when
    // the booked share ends (send then) as an instant, not a wait: a wait would be stale by however long
    // the answer took to arrive, and answers that took different times would put requests together at the
    // gateway; or, if none was booked, how far ahead the schedule runs
    private static final String BOOK = """
            WITH before AS (SELECT next_at FROM sender_pace WHERE sender_id = $1),
            booked AS (
                INSERT INTO sender_pace AS p (sender_id, next_at) VALUES ($1, clock_timestamp() + make_interval(secs => $2))
                ON CONFLICT (sender_id) DO UPDATE SET next_at = greatest(p.next_at, clock_timestamp()) + make_interval(secs => $2)
                    WHERE p.next_at < clock_timestamp() + make_interval(secs => $3)
                RETURNING next_at
            )
            SELECT (SELECT ceil(extract(epoch FROM next_at) * 1000)::bigint FROM booked) AS at_ms,
                   (SELECT ceil(extract(epoch FROM next_at - clock_timestamp()) * 1000)::bigint FROM before) AS ahead_ms
            """;

    private final Pool pool;

    public SenderPaceRepository(Pool pool) {
        this.pool = pool;
    }

    /** Books {@code seconds} of the sender's schedule if it runs no more than {@code aheadSeconds} ahead. */
    public Uni<Booking> book(String senderId, double seconds, double aheadSeconds) {
        return pool.preparedQuery(BOOK).execute(Tuple.of(senderId, seconds, aheadSeconds)).map(rows -> {
            Row r = rows.iterator().next();
            Long at = r.getLong("at_ms");
            if (at != null) {
                return new Booking(true, at, 0);
            }
            Long ahead = r.getLong("ahead_ms");
            long retry = ahead == null ? 50 : Math.max(20, ahead - (long) (aheadSeconds * 1000));
            return new Booking(false, 0, retry);
        });
    }
}
