package io.dnwerks.delivery.service;

import io.dnwerks.common.logging.PhoneMask;
import io.dnwerks.delivery.domain.CampaignMessage;
import io.dnwerks.delivery.domain.MessageStatus;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A campaign message as the API shows it; {@code outcomeUnknown} marks a sent one whose gateway answer
 * was lost or never came (under at-most-once it is not sent again; a receipt, if one comes, settles it).
 */
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
        boolean outcomeUnknown,
        Consent consent) {

    /** The consent the message was sent under (issue 9): when the customer gave it, and through what. */
    public record Consent(OffsetDateTime givenAt, String source) {
    }

    /** @param maskPhone viewers see who was texted only as a masked number */
    public static MessageView of(CampaignMessage m, boolean maskPhone) {
        return new MessageView(m.id, m.campaignId, m.customerId, maskPhone ? PhoneMask.mask(m.phoneNumber) : m.phoneNumber,
                m.messageContent, m.status, m.errorMessage, m.externalId, m.retryCount, m.nextRetryAt, m.waitingFor, m.createdAt,
                m.sentAt, m.deliveredAt, m.outcomeUnknown, new Consent(m.consentGivenAt, m.consentSource));
    }
}
