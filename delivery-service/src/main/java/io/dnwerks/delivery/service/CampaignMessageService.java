package io.dnwerks.delivery.service;

import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.Cursors;
import io.dnwerks.delivery.domain.MessageStatus;
import io.dnwerks.delivery.repository.CampaignMessageRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class CampaignMessageService {

    private final CampaignMessageRepository messages;

    public CampaignMessageService(CampaignMessageRepository messages) {
        this.messages = messages;
    }

    @WithSession
    public Uni<CursorPage<MessageView>> list(UUID campaignId, MessageStatus status, Integer limit, String cursor, boolean maskPhones) {
        int size = CursorPage.clamp(limit);
        return messages.page(campaignId, status, Cursors.decodeUuid(cursor), size + 1)
                .map(rows -> CursorPage.of(rows, size, m -> MessageView.of(m, maskPhones), m -> Cursors.encode(m.id.toString())));
    }
}
