package io.dnwerks.common.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnwerks.common.event.Topics;
import io.dnwerks.common.id.Ids;
import io.dnwerks.common.outbox.Outbox;
import io.dnwerks.common.outbox.OutgoingEvent;
import io.dnwerks.common.security.Actor;
import io.dnwerks.common.security.CurrentActor;
import io.dnwerks.common.tx.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Audit capture: every write puts an {@link AuditRecord} into the outbox in the write's own
 * transaction (the {@link Tx} it is given), so the trail can neither miss a change nor record one
 * that rolled back.
 */
@ApplicationScoped
public class AuditTrail {

    private final Outbox outbox;
    private final CurrentActor currentActor;
    private final ObjectMapper json;
    private final String service;

    public AuditTrail(Outbox outbox, CurrentActor currentActor, ObjectMapper json,
                      @ConfigProperty(name = "quarkus.application.name") String service) {
        this.outbox = outbox;
        this.currentActor = currentActor;
        this.json = json;
        this.service = service;
    }

    public Uni<Void> inserted(Tx tx, String table, UUID recordId, Object newValues) {
        return record(tx, table, recordId, AuditAction.INSERT, null, newValues);
    }

    public Uni<Void> updated(Tx tx, String table, UUID recordId, Object oldValues, Object newValues) {
        return record(tx, table, recordId, AuditAction.UPDATE, oldValues, newValues);
    }

    public Uni<Void> deleted(Tx tx, String table, UUID recordId, Object oldValues) {
        return record(tx, table, recordId, AuditAction.DELETE, oldValues, null);
    }

    private Uni<Void> record(Tx tx, String table, UUID recordId, AuditAction action, Object oldValues, Object newValues) {
        Actor actor = currentActor.get();
        JsonNode before = oldValues == null ? null : json.valueToTree(oldValues);
        JsonNode after = newValues == null ? null : json.valueToTree(newValues);
        AuditRecord record = new AuditRecord(Ids.timeOrdered(), service, table, recordId, action, before, after,
                changedFields(before, after), actor.userId(), actor.ipAddress(), actor.userAgent(),
                OffsetDateTime.now(ZoneOffset.UTC));
        return outbox.append(tx, new OutgoingEvent(Topics.AUDIT, table, recordId.toString(), AuditRecord.EVENT_TYPE, record))
                .replaceWithVoid();
    }

    /** Top-level fields whose values differ; on insert and delete, every field present. */
    static List<String> changedFields(JsonNode before, JsonNode after) {
        TreeSet<String> names = new TreeSet<>();
        if (before instanceof ObjectNode) {
            before.fieldNames().forEachRemaining(names::add);
        }
        if (after instanceof ObjectNode) {
            after.fieldNames().forEachRemaining(names::add);
        }
        if (before == null || after == null) {
            return new ArrayList<>(names);
        }
        List<String> changed = new ArrayList<>();
        for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
            String name = it.next();
            if (!Objects.equals(before.get(name), after.get(name))) {
                changed.add(name);
            }
        }
        return changed;
    }
}
