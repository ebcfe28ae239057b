package io.dnwerks.customer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnwerks.common.event.Topics;
import io.dnwerks.customer.messaging.CampaignLaunched;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a launched campaign's audience into AudienceBatch events on campaign.audience.v1: every
 * customer who matches and may be texted (SMS consent, not do-not-contact, not deleted), in batches
 * of {@code dnwerks.audience.batch-size}, ordered by id. One INSERT ... SELECT writes all the batches
 * into the outbox, in the caller's transaction; an empty audience still yields one (empty, last) batch
 * so that delivery learns the campaign has nobody to reach.
 */
@ApplicationScoped
public class AudienceResolution {

    public static final String BATCH_TYPE = "dnwerks.customer.AudienceBatch.v1";

    private final ObjectMapper json;
    private final int batchSize;

    public AudienceResolution(ObjectMapper json, @ConfigProperty(name = "dnwerks.audience.batch-size", defaultValue = "1000") int batchSize) {
        this.json = json;
        this.batchSize = batchSize;
    }

    /** @return the number of batches written */
    public Uni<Integer> resolve(CampaignLaunched launched, ObjectNode campaign) {
        String sql = statement(launched.audience());
        String campaignJson;
        String customerIds;
        String tagIds;
        try {
            campaignJson = json.writeValueAsString(campaign);
            customerIds = json.writeValueAsString(launched.audience().customers());
            tagIds = json.writeValueAsString(launched.audience().tags());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        CampaignLaunched.Audience who = launched.audience();
        return Panache.getSession().flatMap(s -> {
            var insert = s.createNativeQuery(sql)
                    .setParameter("campaignId", launched.campaignId().toString())
                    .setParameter("batchSize", batchSize)
                    .setParameter("campaign", campaignJson);
            if (!who.everyone() && !who.customers().isEmpty()) {
                insert.setParameter("customerIds", customerIds);
            }
            if (!who.everyone() && !who.tags().isEmpty()) {
                insert.setParameter("tagIds", tagIds);
            }
            return insert.executeUpdate();
        });
    }

    /** The statement's shape depends only on which parts of the audience are set, never on values. */
    static String statement(CampaignLaunched.Audience audience) {
        List<String> who = new ArrayList<>();
        if (audience.everyone()) {
            who.add("true");
        } else {
            if (!audience.customers().isEmpty()) {
                who.add("c.id IN (SELECT value::uuid FROM jsonb_array_elements_text(cast(cast(:customerIds AS text) AS jsonb)))");
            }
            if (!audience.tags().isEmpty()) {
                who.add("EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.customer_id = c.id AND ct.tag_id IN"
                        + " (SELECT value::uuid FROM jsonb_array_elements_text(cast(cast(:tagIds AS text) AS jsonb))))");
            }
        }
        String matches = who.isEmpty() ? "false" : String.join(" OR ", who);
        return """
                WITH eligible AS (
                    SELECT c.id, c.phone, c.first_name, c.last_name, c.timezone, c.preferred_language,
                           (row_number() OVER (ORDER BY c.id) - 1) / cast(:batchSize AS integer) AS batch_no
                    FROM customers c
                    WHERE c.sms_consent AND NOT c.do_not_contact AND c.deleted_at IS NULL AND (%s)
                ),
                batches AS (
                    SELECT batch_no, count(*) AS n,
                           jsonb_agg(jsonb_build_object('customerId', id, 'phone', phone, 'firstName', first_name,
                               'lastName', last_name, 'timezone', timezone, 'preferredLanguage', preferred_language)
                               ORDER BY id) AS recipients
                    FROM eligible GROUP BY batch_no
                    UNION ALL
                    SELECT 0, 0, '[]'::jsonb WHERE NOT EXISTS (SELECT 1 FROM eligible)
                ),
                totals AS (SELECT count(*) AS batch_count, sum(n) AS recipient_count FROM batches)
                INSERT INTO outbox (id, topic, aggregate_type, aggregate_id, event_type, payload)
                SELECT uuid_v7(), '%s', 'campaign', cast(:campaignId AS text), '%s',
                       jsonb_build_object('campaignId', cast(:campaignId AS text), 'batchNo', b.batch_no,
                           'last', b.batch_no = t.batch_count - 1, 'batchCount', t.batch_count,
                           'recipientCount', t.recipient_count, 'campaign', cast(cast(:campaign AS text) AS jsonb),
                           'recipients', b.recipients)
                FROM batches b CROSS JOIN totals t
                ORDER BY b.batch_no
                """.formatted(matches, Topics.CAMPAIGN_AUDIENCE, BATCH_TYPE);
    }

}
