package io.dnwerks.customer.repository;

import io.dnwerks.common.event.Topics;
import io.dnwerks.common.tx.ConnectionTx;
import io.dnwerks.customer.domain.CustomerTag;
import io.dnwerks.customer.messaging.CustomerEvents;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CustomerTagRepository implements PanacheRepositoryBase<CustomerTag, CustomerTag.Key> {

    public Uni<List<UUID>> tagIdsOf(UUID customerId) {
        return find("customerId = ?1 order by tagId", customerId).project(TagIdOnly.class).list()
                .map(rows -> rows.stream().map(TagIdOnly::tagId).toList());
    }

    public record TagIdOnly(UUID tagId) {
    }

    /** Where a bulk tagging takes its customers from; each picks live customers in id order after a cursor ($3, $4, $5). */
    public enum Source {
        /** $3 is a uuid[] of customer ids. */
        LISTED("""
                SELECT c.id FROM customers c
                WHERE c.id = ANY($3) AND c.deleted_at IS NULL AND c.id > $4
                ORDER BY c.id LIMIT $5"""),
        /** $3 is a segment's id: its members walked along the memberships' primary key. */
        SEGMENT_MEMBERS("""
                SELECT m.customer_id AS id FROM segment_memberships m
                JOIN customers c ON c.id = m.customer_id AND c.deleted_at IS NULL
                WHERE m.segment_id = $3 AND m.customer_id > $4
                ORDER BY m.customer_id LIMIT $5""");

        final String chosen;

        Source(String chosen) {
            this.chosen = chosen;
        }
    }

    /** One chunk of a bulk tagging: how many customers it looked at, the last of them (the next cursor), and those it tagged. */
    public record Chunk(long matched, UUID last, List<UUID> tagged) {
    }

    /**
     * The statement of one chunk: the chosen customers get the tag, those who had it already are passed
     * over (ON CONFLICT), so a request repeated after a failure tags only the rest and announces nobody
     * twice; each customer newly tagged gets the same CustomerTagged event a single tagging publishes,
     * in the same statement. $1 tag, $2 who tags, $6 topic, $7 event type.
     */
    static String bulkTag(Source source) {
        return """
                WITH chosen AS (%s),
                added AS (
                    INSERT INTO customer_tags (customer_id, tag_id, created_at, created_by)
                    SELECT id, $1, now(), $2 FROM chosen ORDER BY id
                    ON CONFLICT DO NOTHING
                    RETURNING customer_id
                ),
                announced AS (
                    INSERT INTO outbox (id, topic, aggregate_type, aggregate_id, event_type, payload)
                    SELECT uuid_v7(), $6, 'customer', customer_id::text, $7, json_build_object('customerId', customer_id, 'tagId', $1)
                    FROM added ORDER BY customer_id
                )
                SELECT (SELECT count(*) FROM chosen),
                       (SELECT id FROM chosen ORDER BY id DESC LIMIT 1),
                       (SELECT coalesce(array_agg(customer_id ORDER BY customer_id), '{}') FROM added)
                """.formatted(source.chosen);
    }

    /** @param from the customer ids (a UUID[]) or the segment's id, as {@code source} takes */
    public Uni<Chunk> tagChunk(ConnectionTx tx, Source source, Object from, UUID tagId, UUID actor, UUID after, int limit) {
        return tx.query(bulkTag(source), tagId, actor, from, after, limit, Topics.CUSTOMER_EVENTS, CustomerEvents.TAGGED)
                .map(rows -> {
                    Object[] r = rows.get(0);
                    List<UUID> tagged = new java.util.ArrayList<>();
                    for (Object id : (Object[]) r[2]) {
                        tagged.add((UUID) id);
                    }
                    return new Chunk(((Number) r[0]).longValue(), (UUID) r[1], tagged);
                });
    }

    /** Takes a tag off everyone who has it; how many. */
    public Uni<Long> untagAll(ConnectionTx tx, UUID tagId) {
        return tx.query("WITH gone AS (DELETE FROM customer_tags WHERE tag_id = $1 RETURNING 1) SELECT count(*) FROM gone", tagId)
                .map(rows -> ((Number) rows.get(0)[0]).longValue());
    }
}
