package io.dnwerks.delivery.provider;

import io.smallrye.mutiny.Uni;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Where a gateway hands what it receives: delivery receipts and inbound messages, already mapped onto
 * our vocabulary. Both check what they are given and fail with an ApiException naming the field of a
 * bad one (a webhook answers it 400); both complete once what they took is safe (journaled or stored).
 */
public interface GatewayEvents {

    Uni<Void> receipts(String gateway, List<Receipt> receipts);

    Uni<InboundResult> inbound(String gateway, Inbound message);

    /**
     * A receipt: the gateway's id for the message, our state for it (delivered, failed, bounced or
     * rejected), when (null: now), and the gateway's error text. {@code messageId} is our id for the
     * message when the gateway hands it back (in the callback URL we gave it), null otherwise: it settles a
     * message whose send answer was lost, which has no external id yet. {@code field} prefixes the names
     * of the fields a refusal names ("receipts[3]." in a batch, "" for one).
     */
    record Receipt(String field, String externalId, java.util.UUID messageId, String status, OffsetDateTime at, String error) {

        public Receipt(String field, String externalId, String status, OffsetDateTime at, String error) {
            this(field, externalId, null, status, at, error);
        }
    }

    /** An SMS a phone sent to one of our numbers: the gateway's id for it, the sender, our number, the text, when (null: now). */
    record Inbound(String externalId, String from, String to, String text, OffsetDateTime at) {
    }

    /** What became of an inbound message: its id with us, its keyword (opt-out, opt-in, help or null), and whether we had it already. */
    record InboundResult(java.util.UUID id, String keyword, boolean duplicate) {
    }
}
