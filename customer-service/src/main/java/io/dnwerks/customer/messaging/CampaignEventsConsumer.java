package io.dnwerks.customer.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnwerks.common.event.IncomingEvent;
import io.dnwerks.common.event.PoisonEventException;
import io.dnwerks.common.inbox.Inbox;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.customer.service.AudienceResolution;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/** Resolves the audience of every launched campaign, once per CampaignLaunched. */
@ApplicationScoped
public class CampaignEventsConsumer {

    public static final String CONSUMER = "audience-resolver";

    private final Inbox inbox;
    private final AudienceResolution audience;
    private final ObjectMapper json;

    public CampaignEventsConsumer(Inbox inbox, AudienceResolution audience, ObjectMapper json) {
        this.inbox = inbox;
        this.audience = audience;
        this.json = json;
    }

    @Incoming("campaign-events")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return inbox.handle(record, CONSUMER, Set.of(CampaignLaunched.TYPE), this::apply);
    }

    private Uni<String> apply(Tx tx, IncomingEvent event) {
        CampaignLaunched launched = event.dataAs(CampaignLaunched.class, json);
        if (launched.campaignId() == null || launched.audience() == null) {
            throw new PoisonEventException("CampaignLaunched without campaignId or audience");
        }
        // delivery needs the campaign's settings with every batch, whatever order batches arrive in
        ObjectNode campaign = event.dataAsObject(json);
        campaign.remove("audience");
        return audience.start(tx, launched, campaign).map(n -> "resolving " + n + " recipient(s)");
    }
}
