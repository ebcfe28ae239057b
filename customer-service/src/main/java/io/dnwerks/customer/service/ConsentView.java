package io.dnwerks.customer.service;

import io.dnwerks.customer.domain.ConsentEvent;
import io.dnwerks.customer.domain.ConsentProof;
import io.dnwerks.customer.domain.Customer;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A customer's consent as it stands, and every change that led there, oldest first. */
public record ConsentView(UUID customerId, boolean smsConsent, OffsetDateTime consentGivenAt, String consentSource,
                          boolean emailConsent, boolean doNotContact, List<Entry> history) {

    /** One line of the ledger. */
    public record Entry(UUID id, String channel, boolean granted, String source, UUID changedBy, OffsetDateTime occurredAt,
                        UUID inboundMessageId, ConsentProof proof) {

        static Entry of(ConsentEvent e) {
            return new Entry(e.id, e.channel, e.granted, e.source, e.changedBy, e.occurredAt, e.inboundMessageId, e.proof);
        }
    }

    /** As a viewer sees it: the history without its proof, which holds IP addresses. */
    public ConsentView withoutProof() {
        return new ConsentView(customerId, smsConsent, consentGivenAt, consentSource, emailConsent, doNotContact,
                history.stream().map(e -> new Entry(e.id(), e.channel(), e.granted(), e.source(), e.changedBy(), e.occurredAt(),
                        e.inboundMessageId(), null)).toList());
    }

    static ConsentView of(Customer c, List<ConsentEvent> ledger) {
        return new ConsentView(c.id, c.smsConsent, c.consentGivenAt, c.consentSource, c.emailConsent, c.doNotContact,
                ledger.stream().map(Entry::of).toList());
    }
}
