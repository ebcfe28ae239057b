package io.dnwerks.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.Problem;
import io.dnwerks.common.id.Ids;
import io.dnwerks.common.tx.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * Writes events into the service's outbox table in the transaction it is given, so they commit or
 * roll back with the change they describe.
 */
@ApplicationScoped
public class Outbox {

    // cast through text: the Vert.x client would send a Java String bound to json as a JSON string
    private static final String INSERT = "INSERT INTO outbox (id, topic, aggregate_type, aggregate_id, event_type, payload)"
            + " VALUES ($1, $2, $3, $4, $5, cast(cast($6 AS text) AS json))";

    private final ObjectMapper json;
    private final int maxEventBytes;

    public Outbox(ObjectMapper json, OutboxConfig config) {
        this.json = json;
        this.maxEventBytes = config.maxEventBytes();
    }

    /** @return the event's id, which becomes its {@code ce_id} */
    public Uni<UUID> append(Tx tx, OutgoingEvent event) {
        UUID id = Ids.timeOrdered();
        String payload;
        try {
            payload = json.writeValueAsString(event.payload());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("event payload is not serializable", e));
        }
        int bytes = utf8Length(payload);
        if (bytes > maxEventBytes) {
            // Kafka would refuse it: refuse the change now, while the caller can still be told
            return Uni.createFrom().failure(new ApiException(Problem.of(413, "Content Too Large", "event-too-large",
                            "the change would make an event larger than Kafka takes")
                    .withErrors(List.of(new Problem.FieldError("body", "makes a " + event.type() + " event of " + bytes
                            + " bytes; events are limited to " + maxEventBytes + " bytes")))));
        }
        return tx.execute(INSERT, id, event.topic(), event.aggregateType(), event.aggregateId(), event.type(), payload)
                .replaceWith(id);
    }

    /** UTF-8 length without encoding the text: a chunk of AudienceBatches is tens of megabytes a second. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
