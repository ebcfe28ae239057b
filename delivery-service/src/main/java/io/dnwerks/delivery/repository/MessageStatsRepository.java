package io.dnwerks.delivery.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A campaign's messages counted by status, by what the pending ones wait for, and by why the rejected ones ended. */
@ApplicationScoped
public class MessageStatsRepository {

    public record Row(String status, String waitingFor, String rejectedFor, long count) {
    }

    // a message rejected by the platform keeps its reason code; one the gateway refused keeps the
    // gateway's text, counted together as "gateway". waiting_for counts only while the wait is ahead
    private static final String COUNTS = """
            SELECT status,
                   CASE WHEN status = 'pending' AND next_retry_at > now() THEN waiting_for END AS waiting_for,
                   CASE WHEN status <> 'rejected' THEN NULL
                        WHEN error_message IN ('opted-out', 'do-not-contact', 'deleted', 'quiet-hours', 'frequency-cap') THEN error_message
                        ELSE 'gateway' END AS rejected_for,
                   count(*) AS n
            FROM campaign_messages WHERE campaign_id = $1
            GROUP BY 1, 2, 3
            """;

    private final Pool pool;

    public MessageStatsRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Row>> counts(UUID campaignId) {
        return pool.preparedQuery(COUNTS).execute(Tuple.of(campaignId)).map(rows -> {
            List<Row> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Row(r.getString("status"), r.getString("waiting_for"), r.getString("rejected_for"), r.getLong("n"))));
            return out;
        });
    }
}
