package io.dnwerks.customer.messaging;

import io.dnwerks.common.outbox.Outbox;
import io.dnwerks.common.outbox.OutgoingEvent;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.contracts.customer.SegmentChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** SegmentChanged on {@code customer.events.v1}, through the outbox of the change it reports. */
@ApplicationScoped
public class SegmentEvents {

    private final Outbox outbox;

    public SegmentEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> changed(Tx tx, SegmentChanged event) {
        return outbox.append(tx, new OutgoingEvent(SegmentChanged.TOPIC, SegmentChanged.AGGREGATE, event.key(), SegmentChanged.TYPE, event))
                .replaceWithVoid();
    }
}
