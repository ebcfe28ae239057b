package io.dnwerks.audit.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.audit.domain.AuditLog;
import io.dnwerks.audit.domain.AuditLogQuery;
import io.dnwerks.common.audit.AuditRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.time.OffsetDateTime;

@ApplicationScoped
public class AuditLogRepository {

    // jsonb and text[] arrive as JSON text: see Outbox on why strings are cast through text
    // an entry about a subject erased already is stored with its values erased (see ERASE)
    private static final String INSERT_MANY = "INSERT INTO audit_logs (id, service, table_name, record_id, action, old_values,"
            + " new_values, changed_fields, user_id, \"timestamp\", ip_address, user_agent)"
            + " SELECT id, service, t, rec, act,"
            + " CASE WHEN e.subject_id IS NULL OR o IS NULL THEN o::jsonb ELSE '{\"erased\": true}'::jsonb END,"
            + " CASE WHEN e.subject_id IS NULL OR n IS NULL OR n::jsonb ? 'erasedAt' THEN n::jsonb ELSE '{\"erased\": true}'::jsonb END,"
            + " ARRAY(SELECT jsonb_array_elements_text(c::jsonb)), u, ts, ip::inet, ua"
            + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[],"
            + " $9::uuid[], $10::timestamptz[], $11::text[], $12::text[]) AS x(id, service, t, rec, act, o, n, c, u, ts, ip, ua)"
            + " LEFT JOIN erased_subjects e ON e.subject_id = x.rec"
            + " ON CONFLICT DO NOTHING";

    /**
     * ERASE: the subjects are remembered as erased and every entry about them loses its values
     * (replaced by {"erased": true}, so that the entry still says there were some); the record of the
     * erasure itself (its values name only the fact and its time, erasedAt) is kept as it is.
     */
    static final String ERASE = """
            WITH remembered AS (
                INSERT INTO erased_subjects (subject_id, erased_at)
                SELECT * FROM unnest($1::uuid[], $2::timestamptz[]) ON CONFLICT DO NOTHING
            )
            UPDATE audit_logs a SET
                old_values = CASE WHEN a.old_values IS NULL THEN NULL ELSE '{"erased": true}'::jsonb END,
                new_values = CASE WHEN a.new_values IS NULL THEN NULL ELSE '{"erased": true}'::jsonb END
            WHERE a.record_id = ANY($1) AND NOT coalesce(a.new_values ? 'erasedAt', false)
              AND (a.old_values IS DISTINCT FROM '{"erased": true}'::jsonb OR a.new_values IS DISTINCT FROM '{"erased": true}'::jsonb)""";

    private static final String SELECT = "SELECT id, service, table_name, record_id, action, old_values::text AS old_values,"
            + " new_values::text AS new_values, changed_fields, user_id, \"timestamp\", host(ip_address) AS ip_address, user_agent"
            + " FROM audit_logs";

    private final Pool pool;
    private final ObjectMapper json;

    public AuditLogRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** Stores many records with one statement on the caller's connection; records already stored are left alone. */
    public Uni<Integer> insertAll(SqlConnection conn, List<AuditRecord> records) {
        int n = records.size();
        UUID[] ids = new UUID[n];
        String[] services = new String[n];
        String[] tables = new String[n];
        UUID[] recordIds = new UUID[n];
        String[] actions = new String[n];
        String[] olds = new String[n];
        String[] news = new String[n];
        String[] changed = new String[n];
        UUID[] users = new UUID[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] ips = new String[n];
        String[] agents = new String[n];
        try {
            for (int i = 0; i < n; i++) {
                AuditRecord r = records.get(i);
                ids[i] = r.id();
                services[i] = r.service();
                tables[i] = r.tableName();
                recordIds[i] = r.recordId();
                actions[i] = r.action().name();
                olds[i] = r.oldValues() == null || r.oldValues().isNull() ? null : json.writeValueAsString(r.oldValues());
                news[i] = r.newValues() == null || r.newValues().isNull() ? null : json.writeValueAsString(r.newValues());
                changed[i] = json.writeValueAsString(r.changedFields() == null ? List.of() : r.changedFields());
                users[i] = r.userId();
                times[i] = r.occurredAt();
                ips[i] = r.ipAddress();
                agents[i] = r.userAgent();
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return conn.preparedQuery(INSERT_MANY)
                .execute(Tuple.tuple(List.of(ids, services, tables, recordIds, actions, olds, news, changed, users, times, ips, agents)))
                .map(rows -> rows.rowCount());
    }

    /** Erased subjects (customers), with when: their entries lose their values, one statement on the caller's connection. */
    public Uni<Integer> erase(SqlConnection conn, List<UUID> subjects, List<OffsetDateTime> erasedAt) {
        if (subjects.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return conn.preparedQuery(ERASE).execute(Tuple.of(subjects.toArray(UUID[]::new), erasedAt.toArray(OffsetDateTime[]::new)))
                .map(rows -> rows.rowCount());
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
