package io.dnwerks.common.tx;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The transaction of a Hibernate Reactive session: the one {@code @WithTransaction} opened. */
public final class SessionTx implements Tx {

    /** $1 (the Vert.x and PostgreSQL form) as ?1 (JPA's ordinal parameter), so one SQL text serves both kinds. */
    private static final Pattern POSITIONAL = Pattern.compile("\\$(\\d+)");

    private final Mutiny.Session session;

    SessionTx(Mutiny.Session session) {
        this.session = session;
    }

    public Mutiny.Session session() {
        return session;
    }

    @Override
    public Uni<Integer> execute(String sql, Object... params) {
        Mutiny.Query<?> q = session.createNativeQuery(ordinal(sql));
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return q.executeUpdate();
    }

    @Override
    public Uni<List<Object[]>> query(String sql, Object... params) {
        Mutiny.Query<Object> q = session.createNativeQuery(ordinal(sql));
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        // one column comes back as the value itself, several as an array
        return q.getResultList().map(rows -> {
            List<Object[]> out = new ArrayList<>(rows.size());
            for (Object row : rows) {
                out.add(row instanceof Object[] values ? values : new Object[] {row});
            }
            return out;
        });
    }

    static String ordinal(String sql) {
        return POSITIONAL.matcher(sql).replaceAll("?$1");
    }
}
