package io.dnwerks.common.inbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** An inbox row: this consumer has applied this event. Mapped so that Hibernate validates the table. */
@Entity
@Table(name = "processed_events")
@IdClass(ProcessedEvent.Key.class)
public class ProcessedEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Id
    @Column(length = 100)
    public String consumer;

    @Column(name = "event_type", nullable = false, length = 200)
    public String eventType;

    @Column(columnDefinition = "text")
    public String effect;

    @Column(name = "processed_at", nullable = false)
    public OffsetDateTime processedAt;

    public static class Key implements Serializable {
        public UUID eventId;
        public String consumer;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(eventId, k.eventId) && Objects.equals(consumer, k.consumer);
        }

        @Override
        public int hashCode() {
            return Objects.hash(eventId, consumer);
        }
    }
}
