package io.dnwerks.delivery.provider;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.List;

/**
 * One configured SMS gateway, as one unit: it sends (one or many per request), maps its answers onto
 * {@link SendOutcome}, takes its own receipts and inbound messages (by webhook, checking its own
 * signature, or from its session), maps their states onto ours and hands them to {@link GatewayEvents},
 * and tells its health. Everything gateway-specific lives behind this interface, so that adding a
 * gateway is a new {@link GatewayType} and configuration.
 */
public interface SmsGateway {

    /** The configured name: unique across all gateways, the last part of its webhook paths. */
    String name();

    /** Its kind: simulator, twilio, kannel, smpp. */
    String type();

    /** Whether a message whose answer was lost may be handed over again: see {@link DeliveryGuarantee}. */
    DeliveryGuarantee guarantee();

    /**
     * The longest a {@link #sendAll} takes to come back, answer or not: dispatch hands nothing over later
     * than this before a round's lease ends, so that no answer can arrive after another round took over.
     */
    Duration timeout();

    /** How many messages one {@link #sendAll} call may carry. */
    int maxBatch();

    /**
     * Hands the messages over and answers for each, in order. Never fails: every answer, time-outs and
     * connection errors included, becomes a {@link SendOutcome}.
     */
    Uni<List<SendOutcome>> sendAll(List<OutgoingSms> batch);

    /**
     * A request the gateway made to one of our webhooks ({@code /webhooks/receipts/<name>} or
     * {@code /webhooks/inbound/<name>}): checked (signature, fields), handed to {@code events}, and
     * answered as the gateway expects. A bad request fails with an ApiException (401, 400 naming the field).
     */
    default Uni<WebhookReply> webhook(WebhookRequest request, GatewayEvents events) {
        return Uni.createFrom().item(WebhookReply.notFound(type() + " gateways take no webhooks"));
    }

    /** For a gateway that holds a session (SMPP): connect, and hand what arrives on it to {@code events}. */
    default void start(GatewayEvents events) {
    }

    default void stop() {
    }

    /** Whether it can send now; a gateway without a session is taken to be up (a failed request opens the dispatcher's breaker). */
    default GatewayHealth health() {
        return GatewayHealth.UP;
    }
}
