package io.dnwerks.delivery.provider;

import io.smallrye.mutiny.Uni;

/**
 * An SMS gateway. Implementations never fail the Uni for a gateway's answer: every answer, timeouts
 * and connection errors included, becomes a {@link SendOutcome}.
 */
public interface SmsGateway {

    String name();

    Uni<SendOutcome> send(OutgoingSms sms);
}
