package io.dnwerks.audit.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.audit.domain.AuditLog;
import io.dnwerks.audit.domain.AuditLogQuery;
import io.dnwerks.common.audit.AuditRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

@ApplicationScoped
public class AuditLogRepository {

    // jsonb and text[] arrive as JSON text: see Outbox on why strings are cast through text
    private static final String INSERT = "INSERT INTO audit_logs (id, service, table_name, record_id, action, old_values,"
            + " new_values, changed_fields, user_id, \"timestamp\", ip_address, user_agent)"
            + " VALUES (:id, :service, :tableName, :recordId, :action, cast(cast(:oldValues AS text) AS jsonb),"
            + " cast(cast(:newValues AS text) AS jsonb),"
            + " ARRAY(SELECT jsonb_array_elements_text(cast(cast(:changedFields AS text) AS jsonb))),"
            + " :userId, :timestamp, cast(cast(:ip AS text) AS inet), :userAgent)"
            + " ON CONFLICT DO NOTHING";

    private static final String SELECT = "SELECT id, service, table_name, record_id, action, old_values::text AS old_values,"
            + " new_values::text AS new_values, changed_fields, user_id, \"timestamp\", host(ip_address) AS ip_address, user_agent"
            + " FROM audit_logs";

    private final Pool pool;
    private final ObjectMapper json;

    public AuditLogRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** Stores a record in the caller's transaction; a record already stored is left alone. Returns rows written. */
    public Uni<Integer> insert(AuditRecord r) {
        String oldValues;
        String newValues;
        String changed;
        try {
            oldValues = r.oldValues() == null || r.oldValues().isNull() ? null : json.writeValueAsString(r.oldValues());
            newValues = r.newValues() == null || r.newValues().isNull() ? null : json.writeValueAsString(r.newValues());
            changed = json.writeValueAsString(r.changedFields() == null ? List.of() : r.changedFields());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession().flatMap(s -> s.createNativeQuery(INSERT)
                .setParameter("id", r.id())
                .setParameter("service", r.service())
                .setParameter("tableName", r.tableName())
                .setParameter("recordId", r.recordId())
                .setParameter("action", r.action().name())
                .setParameter("oldValues", oldValues)
                .setParameter("newValues", newValues)
                .setParameter("changedFields", changed)
                .setParameter("userId", r.userId())
                .setParameter("timestamp", r.occurredAt())
                .setParameter("ip", r.ipAddress())
                .setParameter("userAgent", r.userAgent())
                .executeUpdate());
    }

    /** Newest first; fetches one row more than asked, which tells the caller there is a next page. */
    public Uni<List<AuditLog>> find(AuditLogQuery q) {
        List<String> where = new ArrayList<>();
        Tuple params = Tuple.tuple();
        if (q.table() != null) {
            params.addString(q.table());
            where.add("table_name = $" + params.size());
        }
        if (q.recordId() != null) {
            params.addUUID(q.recordId());
            where.add("record_id = $" + params.size());
        }
        if (q.userId() != null) {
            params.addUUID(q.userId());
            where.add("user_id = $" + params.size());
        }
        if (q.from() != null) {
            params.addOffsetDateTime(q.from());
            where.add("\"timestamp\" >= $" + params.size());
        }
        if (q.to() != null) {
            params.addOffsetDateTime(q.to());
            where.add("\"timestamp\" < $" + params.size());
        }
        if (q.beforeTimestamp() != null) {
            params.addOffsetDateTime(q.beforeTimestamp());
            int ts = params.size();
            params.addUUID(q.beforeId());
            where.add("(\"timestamp\", id) < ($" + ts + ", $" + params.size() + ")");
        }
        params.addInteger(q.limit() + 1);
        String sql = SELECT + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY \"timestamp\" DESC, id DESC LIMIT $" + params.size();
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<AuditLog> out = new ArrayList<>();
            for (Row row : rows) {
                out.add(toAuditLog(row));
            }
            return out;
        });
    }

    private AuditLog toAuditLog(Row row) {
        String[] changed = row.getArrayOfStrings("changed_fields");
        return new AuditLog(row.getUUID("id"), row.getString("service"), row.getString("table_name"), row.getUUID("record_id"),
                row.getString("action"), tree(row.getString("old_values")), tree(row.getString("new_values")),
                changed == null ? List.of() : Arrays.asList(changed), row.getUUID("user_id"),
                row.getOffsetDateTime("timestamp"), row.getString("ip_address"), row.getString("user_agent"));
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit_logs holds a value that is not JSON", e);
        }
    }
}
