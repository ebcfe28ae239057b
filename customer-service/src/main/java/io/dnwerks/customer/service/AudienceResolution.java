package io.dnwerks.customer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnwerks.common.event.Topics;
import io.dnwerks.common.loop.PollingLoop;
import io.dnwerks.customer.messaging.CampaignLaunched;
import io.dnwerks.common.tx.Tx;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns a launched campaign's audience into AudienceBatch events on campaign.audience.v1: every
 * customer who matches and may be texted (SMS consent, not do-not-contact, not deleted) and existed
 * at the launch, in batches of {@code dnwerks.audience.batch-size}, ordered by id.
 * <p>
 * {@link #start} runs in the transaction that consumes CampaignLaunched: it counts the audience and
 * records an audience_resolutions row. A loop then writes the batches into the outbox a chunk of
 * {@code dnwerks.audience.chunk-batches} at a time, each chunk one statement and one transaction that
 * also moves the row's cursor, so batches reach Kafka while later ones are still being resolved and a
 * resolution interrupted half-way is carried on by any replica. The last batch says so and carries
 * the exact batch and recipient counts (the others carry those counted at the launch); an empty
 * audience still yields one empty, last batch so that delivery learns the campaign has nobody to reach.
 */
@ApplicationScoped
public class AudienceResolution {

    public static final String BATCH_TYPE = "dnwerks.customer.AudienceBatch.v1";

    private static final UUID NOBODY = new UUID(0, 0);

    private static final String NEXT = "SELECT campaign_id, audience::text AS audience, after_id, up_to_id FROM audience_resolutions"
            + " WHERE done_at IS NULL ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED";

    private final ObjectMapper json;
    private final Pool pool;
    private final int batchSize;
    private final int chunkRows;
    private final boolean enabled;
    private final PollingLoop loop;

    public AudienceResolution(ObjectMapper json, Pool pool, Vertx vertx,
                              @ConfigProperty(name = "dnwerks.audience.batch-size", defaultValue = "1000") int batchSize,
                              @ConfigProperty(name = "dnwerks.audience.chunk-batches", defaultValue = "50") int chunkBatches,
                              @ConfigProperty(name = "dnwerks.audience.enabled", defaultValue = "true") boolean enabled,
                              @ConfigProperty(name = "dnwerks.audience.idle-poll", defaultValue = "PT0.1S") Duration idle) {
        this.json = json;
        this.pool = pool;
        this.batchSize = batchSize;
        this.chunkRows = batchSize * Math.max(1, chunkBatches);
        this.enabled = enabled;
        this.loop = new PollingLoop(vertx, "audience resolution", idle, 1, () -> pool.withTransaction(this::nextChunk));
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            loop.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
    }

    /**
     * Records the resolution to do, in the caller's transaction; a campaign already recorded is left alone.
     *
     * @return the number of recipients counted
     */
    public Uni<Long> start(Tx tx, CampaignLaunched launched, ObjectNode campaign) {
        String audience;
        String settings;
        try {
            audience = json.writeValueAsString(launched.audience());
            settings = json.writeValueAsString(campaign);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String sql = """
                WITH r AS (SELECT cast(cast($1 AS text) AS jsonb) AS audience),
                counted AS (
                    SELECT count(*) AS n FROM customers c
                    WHERE c.sms_consent AND NOT c.do_not_contact AND c.deleted_at IS NULL AND (%s)
                )
                INSERT INTO audience_resolutions (campaign_id, audience, campaign, up_to_id, batch_count, recipient_count)
                SELECT cast($2 AS uuid), r.audience, cast(cast($3 AS text) AS jsonb), (SELECT id FROM customers ORDER BY id DESC LIMIT 1),
                       greatest(1, ceil(counted.n / cast($4 AS numeric)))::int, counted.n
                FROM r, counted
                ON CONFLICT (campaign_id) DO NOTHING
                RETURNING recipient_count
                """.formatted(matches(launched.audience(), Lookup.JOINED));
        // the count joins a segment's members as one hash (a million of them take ~40 MB; at the
        // default 4 MB the join spilled to disk in batches); SET LOCAL ends with the transaction
        return tx.execute("SET LOCAL work_mem = '64MB'")
                .chain(() -> tx.query(sql, audience, launched.campaignId().toString(), settings, batchSize))
                .map(counted -> counted.isEmpty() ? 0L : ((Number) counted.get(0)[0]).longValue());
    }

    /** One chunk of the oldest unfinished resolution nobody else is working on; 1 when there was one. */
    private Uni<Integer> nextChunk(SqlConnection conn) {
        return conn.query(NEXT).execute().flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(0);
            }
            Row open = rows.iterator().next();
            CampaignLaunched.Audience audience;
            try {
                audience = json.readValue(open.getString("audience"), CampaignLaunched.Audience.class);
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
            UUID after = open.getUUID("after_id");
            Tuple args = Tuple.tuple(List.of(open.getUUID("campaign_id"), batchSize, chunkRows, after == null ? NOBODY : after,
                    open.getUUID("up_to_id") == null ? NOBODY : open.getUUID("up_to_id")));
            return conn.preparedQuery(chunk(audience)).execute(args).replaceWith(1);
        });
    }

    /** Resolutions not finished yet, for tests and health. */
    public Uni<Long> unfinished() {
        return pool.query("SELECT count(*) AS n FROM audience_resolutions WHERE done_at IS NULL").execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /**
     * How a customer's tags and memberships are looked up. The count at the launch reads every
     * customer once: there {@code EXISTS}, which the planner makes one hash (anti-)join with all the
     * segment's members (as probes, one per customer, a million took 2.2 s). A chunk reads 50,000
     * customers from a cursor: there a scalar subquery, one probe of the primary key (customer, tag)
     * or (segment, customer) per customer, since as EXISTS the planner collected every member of the
     * segment (a million) for each chunk, 7 s a chunk.
     */
    enum Lookup {
        JOINED, PROBED
    }

    /**
     * Who the audience holds, as a predicate over customers {@code c}: everyone, or anyone named,
     * tagged or in a segment of the audience, and then nobody excluded. The statement's shape depends
     * only on which parts of the audience are set; the ids are read from the audience's JSON inside
     * the statement ({@code r.audience}), never written into it.
     */
    static String matches(CampaignLaunched.Audience audience, Lookup lookup) {
        List<String> who = new ArrayList<>();
        if (audience.everyone()) {
            who.add("true");
        } else {
            if (!audience.customers().isEmpty()) {
                who.add("c.id = ANY (" + ids("customerIds") + ")");
            }
            if (!audience.tags().isEmpty()) {
                who.add(has(tagged("tagIds"), lookup));
            }
            if (!audience.segments().isEmpty()) {
                who.add(has(inSegment("segmentIds"), lookup));
            }
        }
        String included = who.isEmpty() ? "false" : "(" + String.join(" OR ", who) + ")";
        String excluded = exclusions(audience, lookup);
        return excluded.equals("true") ? included : included + " AND " + excluded;
    }

    /** Nobody excluded: the audience's exclusions as a predicate over {@code c} ({@code true} when it has none). */
    static String exclusions(CampaignLaunched.Audience audience, Lookup lookup) {
        List<String> excluded = new ArrayList<>();
        if (!audience.excludedTags().isEmpty()) {
            excluded.add(hasNot(tagged("excludeTagIds"), lookup));
        }
        if (!audience.excludedSegments().isEmpty()) {
            excluded.add(hasNot(inSegment("excludeSegmentIds"), lookup));
        }
        return excluded.isEmpty() ? "true" : String.join(" AND ", excluded);
    }

    private static String has(String rows, Lookup lookup) {
        return lookup == Lookup.JOINED ? "EXISTS (SELECT 1 " + rows + ")" : "(SELECT true " + rows + " LIMIT 1) IS NOT NULL";
    }

    private static String hasNot(String rows, Lookup lookup) {
        return lookup == Lookup.JOINED ? "NOT EXISTS (SELECT 1 " + rows + ")" : "(SELECT true " + rows + " LIMIT 1) IS NULL";
    }

    // an array computed once per statement (an InitPlan)
    private static String ids(String list) {
        return "ARRAY(SELECT value::uuid FROM jsonb_array_elements_text((SELECT audience FROM r) -> '" + list + "'))";
    }

    private static String tagged(String list) {
        return "FROM customer_tags ct WHERE ct.customer_id = c.id AND ct.tag_id = ANY (" + ids(list) + ")";
    }

    // segment_memberships, kept current by SegmentMaintenance: a segment's members as of a second ago,
    // not its conditions evaluated again over every customer
    private static String inSegment(String list) {
        return "FROM segment_memberships sm WHERE sm.segment_id = ANY (" + ids(list) + ") AND sm.customer_id = c.id";
    }

    // $1 campaign, $2 batch size, $3 rows per chunk, $4 < ids <= $5 (the cursor and the launch's last
    // customer, as parameters: read from the row inside the statement they gave the planner no bound,
    // and each chunk scanned and sorted every customer). A chunk that comes back short is the last
    // one; if it is empty it still writes one empty batch, which is then the last. The recipients are
    // built as json from whole rows (json_agg of a row is a third of the cost of jsonb_build_object
    // per recipient), and the outbox keeps that text as it is.
    static String chunk(CampaignLaunched.Audience audience) {
        return """
                WITH r AS (SELECT * FROM audience_resolutions WHERE campaign_id = $1 AND done_at IS NULL),
                picked AS (
                    SELECT c.id AS "customerId", c.phone, c.first_name AS "firstName", c.last_name AS "lastName",
                           c.timezone, c.preferred_language AS "preferredLanguage",
                           -- the consent each message is sent under, kept with the message (issue 9: traceable)
                           c.consent_given_at AS "consentGivenAt", c.consent_source AS "consentSource"
                    FROM customers c%s
                    WHERE c.sms_consent AND NOT c.do_not_contact AND c.deleted_at IS NULL AND (%s)
                      AND c.id > $4 AND c.id <= $5 AND EXISTS (SELECT 1 FROM r)
                    ORDER BY c.id
                    LIMIT $3
                ),
                numbered AS (SELECT p, (row_number() OVER (ORDER BY p."customerId") - 1) / $2 AS n FROM picked p),
                batches AS (
                    -- no ORDER BY in the aggregate: a batch's members are fixed by row_number over id, the
                    -- order within a batch is not part of the event's contract, and sorting every batch
                    -- again costs the chunk time for nothing
                    SELECT n, json_agg(p) AS recipients FROM numbered GROUP BY n
                    UNION ALL
                    SELECT 0, '[]'::json WHERE NOT EXISTS (SELECT 1 FROM picked)
                ),
                d AS (
                    SELECT (SELECT count(*) FROM picked) AS rows, (SELECT count(*) FROM picked) < $3 AS done,
                           (SELECT max(n) FROM batches) AS last_n,
                           (SELECT "customerId" FROM picked ORDER BY "customerId" DESC LIMIT 1) AS last_id
                ),
                written AS (
                    INSERT INTO outbox (id, topic, aggregate_type, aggregate_id, event_type, payload)
                    SELECT uuid_v7(), '%s', 'campaign', r.campaign_id::text, '%s',
                           json_build_object('campaignId', r.campaign_id, 'batchNo', r.next_batch_no + b.n,
                               'last', d.done AND b.n = d.last_n,
                               'batchCount', CASE WHEN d.done THEN r.next_batch_no + d.last_n + 1 ELSE r.batch_count END,
                               'recipientCount', CASE WHEN d.done THEN r.recipients_written + d.rows ELSE r.recipient_count END,
                               'campaign', r.campaign, 'recipients', b.recipients)
                    FROM r, d, batches b
                    ORDER BY b.n
                )
                UPDATE audience_resolutions a SET after_id = coalesce(d.last_id, a.after_id),
                    next_batch_no = a.next_batch_no + d.last_n + 1, recipients_written = a.recipients_written + d.rows,
                    done_at = CASE WHEN d.done THEN now() END
                FROM d WHERE a.campaign_id = $1 AND a.done_at IS NULL
                """.formatted(oneSegment(audience) ? MEMBERS_OF_ONE_SEGMENT : "",
                oneSegment(audience) ? exclusions(audience, Lookup.PROBED) : matches(audience, Lookup.PROBED),
                Topics.CAMPAIGN_AUDIENCE, BATCH_TYPE);
    }

    /** An audience that is one segment (exclusions aside): its chunks walk the segment's members. */
    static boolean oneSegment(CampaignLaunched.Audience a) {
        return !a.everyone() && a.customers().isEmpty() && a.tags().isEmpty() && a.segments().size() == 1;
    }

    // the segment's memberships from the cursor on, along their primary key (segment_id, customer_id),
    // joined to the customers in the same order: each chunk reads its own stretch of both, instead of
    // probing the memberships once for every customer (a third more time per chunk than everyone)
    private static final String MEMBERS_OF_ONE_SEGMENT = """

                    JOIN segment_memberships sm ON sm.customer_id = c.id
                     AND sm.segment_id = (SELECT (audience -> 'segmentIds' ->> 0)::uuid FROM r)
                     AND sm.customer_id > $4 AND sm.customer_id <= $5""";
}
