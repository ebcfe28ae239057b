package io.dnwerks.delivery.service;

import io.dnwerks.common.logging.PhoneMask;
import io.dnwerks.delivery.domain.CampaignMessage;
import io.dnwerks.delivery.domain.MessageStatus;

import java.time.OffsetDateTime;
import java.util.UUID;

public record MessageView(
        UUID id,
        UUID campaignId,
        UUID customerId,
        String phoneNumber,
        String messageContent,
        MessageStatus status,
        String errorMessage,
        String externalId,
        int retryCount,
        OffsetDateTime nextRetryAt,
        String waitingFor,
        OffsetDateTime createdAt,
        OffsetDateTime sentAt,
        OffsetDateTime deliveredAt,
        Consent consent) {

    /** The consent the message was sent under (issue 9): when the customer gave it, and through what. */
    public record Consent(OffsetDateTime givenAt, String source) {
    }

    /** @param maskPhone viewers see who was texted only as a masked number */
    public static MessageView of(CampaignMessage m, boolean maskPhone) {
        return new MessageView(m.id, m.campaignId, m.customerId, maskPhone ? PhoneMask.mask(m.phoneNumber) : m.phoneNumber,
                m.messageContent, m.status, m.errorMessage, m.externalId, m.retryCount, m.nextRetryAt, m.waitingFor, m.createdAt,
                m.sentAt, m.deliveredAt, new Consent(m.consentGivenAt, m.consentSource));
    }
}
