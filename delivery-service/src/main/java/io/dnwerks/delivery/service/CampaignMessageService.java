package io.dnwerks.delivery.service;

import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.Cursors;
import io.dnwerks.delivery.domain.MessageStatus;
import io.dnwerks.delivery.repository.CampaignMessageRepository;
import io.dnwerks.delivery.repository.MessageStatsRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.dnwerks.common.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class CampaignMessageService {

    private final CampaignMessageRepository messages;
    private final MessageStatsRepository stats;

    public CampaignMessageService(CampaignMessageRepository messages, MessageStatsRepository stats) {
        this.messages = messages;
        this.stats = stats;
    }

    /** Counted now, from the messages themselves: a campaign with none gives a total of 0. */
    public Uni<MessageStats> stats(UUID campaignId) {
        return stats.counts(campaignId).map(MessageStats::of);
    }

    @WithSession
    public Uni<MessageView> get(UUID campaignId, UUID id, boolean maskPhone) {
        return messages.findInCampaign(campaignId, id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("message", id))
                .map(m -> MessageView.of(m, maskPhone));
    }

    @WithSession
    public Uni<CursorPage<MessageView>> list(UUID campaignId, MessageStatus status, Integer limit, String cursor, boolean maskPhones) {
        int size = CursorPage.clamp(limit);
        return messages.page(campaignId, status, Cursors.decodeUuid(cursor), size + 1)
                .map(rows -> CursorPage.of(rows, size, m -> MessageView.of(m, maskPhones), m -> Cursors.encode(m.id.toString())));
    }
}
