package io.dnwerks.delivery.repository;

import io.dnwerks.common.tx.ConnectionTx;
import io.dnwerks.delivery.domain.Suppression;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.dnwerks.delivery.repository.MessageChangeEvents.auditRecords;
import static io.dnwerks.delivery.repository.MessageChangeEvents.messageEvents;

/**
 * The suppression list (table recipients): what delivery knows of each number, and whether it may be
 * texted. Changes come from customer events and from SMS keywords, a batch per statement.
 */
@ApplicationScoped
public class RecipientRepository {

    /** A change to what we know of a number; {@code reason} null means it may be texted, as far as this change goes. */
    public record Change(String phone, UUID customerId, String language, Suppression reason, String source,
                         OffsetDateTime at, UUID inboundMessageId) {
    }

    // One statement for a layer of changes, at most one per number (see apply):
    // upsert each number, where the existing row decides whether a lift applies (see keeps below), then
    // end the pending messages of every customer now suppressed as rejected with the reason, moving the
    // campaign counts and writing their events. Messages leased to a dispatch round are left to it: it
    // checks the list again before it hands a message over. ON CONFLICT locks the row, so a STOP and a
    // customer event for one number cannot overwrite each other.
    //
    // A lift (reason null) keeps the current suppression when
    //  * the suppression is newer than the change (a STOP after an older consent event), or
    //  * a STOP (or the gateway's opt-out answer) made it and the change is only a customer record
    //    (CustomerCreated or CustomerUpdated): a STOP is lifted by START or by consent recorded
    //    explicitly (ConsentChanged), or
    //  * the change is a keyword (START) and the suppression is not an opt-out (do-not-contact, deleted),
    //  * or the customer was deleted: their number stays off limits.
    private static final String APPLY = """
            WITH x AS (
                SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::uuid[])
                    AS x(phone, customer_id, language, reason, source, at, inbound_message_id)
            ),
            up AS (
                INSERT INTO recipients AS r (phone, customer_id, preferred_language, suppressed_reason, suppression_source,
                                             suppression_changed_at, inbound_message_id, updated_at)
                SELECT phone, customer_id, language, reason, source, at, inbound_message_id, now() FROM x
                ON CONFLICT (phone) DO UPDATE SET
                    customer_id = coalesce(EXCLUDED.customer_id, r.customer_id),
                    preferred_language = coalesce(EXCLUDED.preferred_language, r.preferred_language),
                    updated_at = now(),
                    (suppressed_reason, suppression_source, suppression_changed_at, inbound_message_id) = (
                        SELECT CASE WHEN keeps THEN r.suppressed_reason ELSE EXCLUDED.suppressed_reason END,
                               CASE WHEN keeps THEN r.suppression_source ELSE EXCLUDED.suppression_source END,
                               CASE WHEN keeps THEN r.suppression_changed_at ELSE EXCLUDED.suppression_changed_at END,
                               CASE WHEN keeps THEN r.inbound_message_id ELSE EXCLUDED.inbound_message_id END
                        FROM (SELECT (EXCLUDED.suppressed_reason IS NULL AND r.suppressed_reason IS NOT NULL AND (
                                  r.suppression_changed_at > EXCLUDED.suppression_changed_at
                                  OR (r.suppression_source IN ('%1$s', '%5$s') AND EXCLUDED.suppression_source = '%2$s')
                                  OR (EXCLUDED.suppression_source = '%1$s' AND r.suppressed_reason <> 'opted-out')
                                  OR r.suppressed_reason = 'deleted'))
                              -- an older change that would not change the state leaves the record of the newer one
                              OR (EXCLUDED.suppressed_reason IS NOT DISTINCT FROM r.suppressed_reason
                                  AND r.suppression_changed_at > EXCLUDED.suppression_changed_at) AS keeps) k)
                RETURNING r.phone, r.customer_id, r.suppressed_reason
            ),
            ended AS (
                UPDATE campaign_messages m SET status = 'rejected', error_message = up.suppressed_reason,
                    lease_until = NULL, lease_owner = NULL
                FROM up
                WHERE up.suppressed_reason IS NOT NULL AND m.customer_id = up.customer_id AND m.phone_number = up.phone
                  AND m.status = 'pending'
                  AND (m.lease_until IS NULL OR m.lease_until < now())
                RETURNING m.id, m.created_at, m.campaign_id, m.customer_id, m.status, m.external_id, m.error_message, m.retry_count
            ),
            counts AS (
                INSERT INTO campaign_count_deltas (campaign_id, pending, rejected)
                SELECT campaign_id, -count(*), count(*) FROM ended GROUP BY campaign_id
            ),
            audit AS (%3$s),
            events AS (%4$s)
            SELECT (SELECT count(*) FROM up WHERE suppressed_reason IS NOT NULL) AS suppressed, (SELECT count(*) FROM ended) AS ended
            """.formatted(Suppression.KEYWORD_SOURCE, Suppression.CUSTOMER_RECORD_SOURCE, auditRecords("ended", "'pending'"),
            messageEvents("ended", "'dnwerks.delivery.MessageRejected.v1'"), Suppression.GATEWAY_SOURCE);

    private static final String KNOWN = "SELECT preferred_language, suppressed_reason FROM recipients WHERE phone = $1";

    /**
     * Applies the changes in their order. A poll can hold several changes of one number (customer-service
     * publishes ConsentChanged and CustomerUpdated together), and whether a change may lift a
     * suppression depends on the one before it: so the batch goes as layers, the k-th change of every
     * number in the k-th statement (most polls are one layer, a customer's paired events two).
     *
     * @return how many of the pending messages of newly suppressed customers were ended
     */
    public Uni<Long> apply(ConnectionTx tx, List<Change> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        List<List<Change>> layers = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Change c : changes) {
            int k = seen.merge(c.phone(), 1, Integer::sum) - 1;
            if (layers.size() <= k) {
                layers.add(new ArrayList<>());
            }
            layers.get(k).add(c);
        }
        Uni<Long> ended = Uni.createFrom().item(0L);
        for (List<Change> layer : layers) {
            ended = ended.flatMap(sum -> applyLayer(tx, layer).map(n -> sum + n));
        }
        return ended;
    }

    private Uni<Long> applyLayer(ConnectionTx tx, List<Change> changes) {
        int n = changes.size();
        String[] phones = new String[n];
        UUID[] customers = new UUID[n];
        String[] languages = new String[n];
        String[] reasons = new String[n];
        String[] sources = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        UUID[] inbound = new UUID[n];
        for (int i = 0; i < n; i++) {
            Change c = changes.get(i);
            phones[i] = c.phone();
            customers[i] = c.customerId();
            languages[i] = c.language();
            reasons[i] = c.reason() == null ? null : c.reason().code;
            sources[i] = c.source();
            times[i] = c.at();
            inbound[i] = c.inboundMessageId();
        }
        return tx.connection().preparedQuery(APPLY).execute(Tuple.tuple(List.of(phones, customers, languages, reasons, sources, times, inbound)))
                .map(rows -> rows.iterator().next().getLong("ended"));
    }

    /** A customer erased in customer-service (CustomerErased), at that time. */
    public record Erased(UUID customerId, OffsetDateTime at) {
    }

    // an erased customer's messages that no dispatch round can still be sending: their number and text go
    private static final String WIPE = """
            UPDATE campaign_messages SET phone_number = NULL, message_content = NULL, erased_at = now()
            WHERE customer_id = ANY($1) AND status <> 'pending' AND erased_at IS NULL""";

    /**
     * Erased customers: each number they have here is suppressed as deleted, as a deletion suppresses it
     * (their pending messages end rejected, in this transaction), and then their messages lose their
     * number and text. The suppression list keeps the number, so that no dispatch round texts it: a
     * message leased to a round at the erasure keeps its number and text (issue 11: not swept yet).
     */
    public Uni<Void> erase(ConnectionTx tx, List<Erased> erased) {
        if (erased.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ids = erased.stream().map(Erased::customerId).toArray(UUID[]::new);
        Map<UUID, OffsetDateTime> at = new HashMap<>();
        erased.forEach(e -> at.put(e.customerId(), e.at()));
        return tx.query("SELECT phone, customer_id FROM recipients WHERE customer_id = ANY($1) ORDER BY phone", (Object) ids)
                .flatMap(rows -> apply(tx, rows.stream().map(r -> new Change((String) r[0], (UUID) r[1], null, Suppression.DELETED,
                        Suppression.CUSTOMER_RECORD_SOURCE, at.get((UUID) r[1]), null)).toList()))
                .chain(() -> tx.execute(WIPE, (Object) ids))
                .replaceWithVoid();
    }

    /** What delivery knows of a number: the language of the customer who has it, and why it is suppressed (or nulls). */
    public record Known(String language, String suppressedReason) {
        public static final Known NOTHING = new Known(null, null);
    }

    public Uni<Known> known(ConnectionTx tx, String phone) {
        return tx.connection().preparedQuery(KNOWN).execute(Tuple.of(phone)).map(rows -> {
            if (rows.size() == 0) {
                return Known.NOTHING;
            }
            var r = rows.iterator().next();
            return new Known(r.getString("preferred_language"), r.getString("suppressed_reason"));
        });
    }
}
