package io.dnwerks.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.id.Ids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Writes events into the service's outbox table through the current Hibernate Reactive session,
 * so they commit or roll back with the change they describe. Call it inside a transaction.
 */
@ApplicationScoped
public class Outbox {

    // cast through text: the Vert.x client would send a Java String bound to json as a JSON string
    private static final String INSERT = "INSERT INTO outbox (id, topic, aggregate_type, aggregate_id, event_type, payload)"
            + " VALUES (:id, :topic, :aggregateType, :aggregateId, :type, cast(cast(:payload AS text) AS json))";

    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    /** @return the event's id, which becomes its {@code ce_id} */
    public Uni<UUID> append(OutgoingEvent event) {
        UUID id = Ids.timeOrdered();
        String payload;
        try {
            payload = json.writeValueAsString(event.payload());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("event payload is not serializable", e));
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", id)
                        .setParameter("topic", event.topic())
                        .setParameter("aggregateType", event.aggregateType())
                        .setParameter("aggregateId", event.aggregateId())
                        .setParameter("type", event.type())
                        .setParameter("payload", payload)
                        .executeUpdate())
                .replaceWith(id);
    }
}
