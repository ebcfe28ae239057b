package io.dnwerks.customer.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.rest.Cursors;
import io.dnwerks.customer.domain.segment.ConditionSql;
import io.dnwerks.customer.service.CustomerFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The customer list's query: the filters as a segment predicate ({@link ConditionSql}), {@code q} as
 * prefixes, and a page by keyset in the order asked for. It finds the ids of a page (and the keys its
 * cursor needs); the customers themselves are loaded by id.
 */
@ApplicationScoped
public class CustomerSearch {

    /** One row of a page: the customer's id and what the next page's cursor is made of. */
    public record Hit(UUID id, String cursor) {
    }

    private final Pool pool;
    private final ObjectMapper json;

    public CustomerSearch(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** The order's key, as SQL over {@code c}: what ORDER BY, the keyset comparison and the indexes say alike. */
    static String key(CustomerFilter.Sort sort) {
        return switch (sort) {
            case CREATED_AT, CREATED_AT_DESC -> "c.created_at, c.id";
            case NAME -> "coalesce(lower(c.last_name), ''), coalesce(lower(c.first_name), ''), c.id";
        };
    }

    /**
     * The statement of a page. {@code q} is a prefix (LIKE with its own % and _ escaped, which an index
     * with text_pattern_ops serves) of the first or last name, and for those who may see them of the
     * e-mail and the phone number.
     */
    static String query(CustomerFilter filter, boolean personalData, ConditionSql.Predicate predicate, boolean hasCursor, String columns) {
        StringBuilder sql = new StringBuilder("SELECT c.id, c.created_at, coalesce(lower(c.last_name), ''), coalesce(lower(c.first_name), '')")
                .append(columns.isEmpty() ? "" : ", " + columns)
                .append(" FROM customers c WHERE c.deleted_at IS NULL AND ").append(predicate.sql());
        int next = predicate.params().size() + 1;
        if (filter.segmentId() != null) {
            // the segment's members as its memberships stand (kept current), one probe of its key per customer
            sql.append(" AND EXISTS (SELECT 1 FROM segment_memberships sm WHERE sm.segment_id = $").append(next++)
                    .append(" AND sm.customer_id = c.id)");
        }
        if (filter.phone() != null) {
            sql.append(" AND c.phone = $").append(next++);
        }
        if (filter.email() != null) {
            sql.append(" AND c.email = $").append(next++);
        }
        if (filter.q() != null) {
            String p = "$" + next++;
            sql.append(" AND (lower(c.first_name) LIKE ").append(p).append(" OR lower(c.last_name) LIKE ").append(p);
            if (personalData) {
                sql.append(" OR lower(c.email) LIKE ").append(p).append(" OR c.phone LIKE $").append(next++);
            }
            sql.append(")");
        }
        boolean descending = filter.sort() == CustomerFilter.Sort.CREATED_AT_DESC;
        if (hasCursor) {
            int keys = filter.sort() == CustomerFilter.Sort.NAME ? 3 : 2;
            List<String> ps = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                ps.add("$" + next++);
            }
            if (filter.sort() != CustomerFilter.Sort.NAME) {
                ps.set(0, "cast(" + ps.get(0) + " AS timestamptz)");
            }
            ps.set(keys - 1, "cast(" + ps.get(keys - 1) + " AS uuid)");
            sql.append(" AND (").append(key(filter.sort())).append(descending ? ") < (" : ") > (").append(String.join(", ", ps)).append(")");
        }
        String direction = descending ? " DESC" : "";
        sql.append(" ORDER BY ").append(String.join(direction + ", ", order(filter).split(", "))).append(direction)
                .append(" LIMIT $").append(next);
        return sql.toString();
    }

    /**
     * The order as ORDER BY says it. With {@code q}, its first key is written so that no index serves
     * it: the planner then collects the matches through the prefix indexes and sorts them (a top-N
     * sort), instead of walking the whole order for matches it guessed at 1.5% of a million and that
     * were 11 (1.1 s, a scan of every customer).
     */
    static String order(CustomerFilter filter) {
        if (filter.q() == null) {
            return key(filter.sort());
        }
        return switch (filter.sort()) {
            case CREATED_AT, CREATED_AT_DESC -> "c.created_at + interval '0 seconds', c.id";
            case NAME -> "coalesce(lower(c.last_name), '') || '', coalesce(lower(c.first_name), ''), c.id";
        };
    }

    public Uni<List<Hit>> page(CustomerFilter filter, boolean personalData, String cursor, int limit) {
        return rows(filter, personalData, decode(cursor, filter.sort()), limit, "").map(rows -> {
            List<Hit> hits = new ArrayList<>(rows.size());
            for (Row r : rows) {
                hits.add(new Hit(r.getUUID(0), cursorOf(filter.sort(), r)));
            }
            return hits;
        });
    }

    /** The cursor that continues after this row (of {@link #rows}), for {@code sort}. */
    public String cursorOf(CustomerFilter.Sort sort, Row r) {
        return encode(sort, r);
    }

    /** The keys a cursor holds, checked against the sort it is used with. */
    public List<String> after(String cursor, CustomerFilter.Sort sort) {
        return decode(cursor, sort);
    }

    /**
     * A page's rows: the order's keys first (id, created_at, the last and first name's sort keys), then
     * {@code columns}, SQL over {@code c}.
     *
     * @param after the keys of the row before (from {@link #after}), or null for the first page
     */
    public Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> rows(CustomerFilter filter, boolean personalData, List<String> after, int limit,
                                                         String columns) {
        ConditionSql.Predicate predicate = ConditionSql.compile(filter.conditions(), 1);
        List<Object> args = new ArrayList<>(predicate.params());
        if (filter.segmentId() != null) {
            args.add(filter.segmentId());
        }
        if (filter.phone() != null) {
            args.add(filter.phone());
        }
        if (filter.email() != null) {
            args.add(filter.email());
        }
        if (filter.q() != null) {
            String lower = filter.q().toLowerCase(Locale.ROOT);
            args.add(escapeLike(lower) + "%");
            if (personalData) {
                args.add(escapeLike(phonePrefix(filter.q())) + "%");
            }
        }
        if (after != null) {
            if (filter.sort() != CustomerFilter.Sort.NAME) {
                args.add(OffsetDateTime.parse(after.get(0)));
                args.add(UUID.fromString(after.get(1)));
            } else {
                args.add(after.get(0));
                args.add(after.get(1));
                args.add(UUID.fromString(after.get(2)));
            }
        }
        args.add(limit);
        String sql = query(filter, personalData, predicate, after != null, columns);
        // planned for these values each time: a cached generic plan guesses every filter at its average
        // share and walked the creation order for a source and a language that never go together
        // (0.7 s over a million, a scan of all); with the values, the planner reads the statistics
        return pool.withTransaction(conn -> conn.query("SET LOCAL plan_cache_mode = force_custom_plan").execute()
                .chain(() -> conn.preparedQuery(sql).execute(Tuple.from(args))));
    }

    // a phone number typed with spaces, dashes or brackets, as people write them, is matched as digits
    static String phonePrefix(String q) {
        return q.replaceAll("[\\s().-]", "");
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private String encode(CustomerFilter.Sort sort, Row r) {
        List<String> key = sort == CustomerFilter.Sort.NAME
                ? List.of(sort.apiName, r.getString(2), r.getString(3), r.getUUID(0).toString())
                : List.of(sort.apiName, r.getOffsetDateTime(1).toString(), r.getUUID(0).toString());
        try {
            return Cursors.encode(json.writeValueAsString(key));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keys a cursor holds, after the sort it was made for: a cursor of another order is refused. */
    private List<String> decode(String cursor, CustomerFilter.Sort sort) {
        String raw = Cursors.decode(cursor);
        if (raw == null) {
            return null;
        }
        try {
            List<String> key = List.of(json.readValue(raw, String[].class));
            int size = sort == CustomerFilter.Sort.NAME ? 4 : 3;
            if (key.size() != size || !sort.apiName.equals(key.get(0))) {
                throw ApiException.invalid("cursor", "is not a cursor of this order (sort=" + sort.apiName + ")");
            }
            List<String> values = key.subList(1, size);
            UUID.fromString(values.get(values.size() - 1));
            if (sort != CustomerFilter.Sort.NAME) {
                OffsetDateTime.parse(values.get(0));
            }
            return values;
        } catch (JsonProcessingException | IllegalArgumentException | java.time.DateTimeException | NullPointerException e) {
            throw ApiException.invalid("cursor", "is not a cursor this API issued");
        }
    }
}
