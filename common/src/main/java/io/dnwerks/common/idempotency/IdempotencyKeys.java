package io.dnwerks.common.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.Problem;
import io.dnwerks.common.tx.Tx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Honours the {@code Idempotency-Key} header of creating POSTs: the first request with a key does the
 * work and its answer is stored in the same transaction; a retry with the same key and body gets
 * that answer back and creates nothing; the same key with another body is refused. Concurrent
 * retries wait on the key's primary key until the first one commits or rolls back.
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";

    private static final String CLAIM = "INSERT INTO idempotency_keys (scope, idempotency_key, request_hash)"
            + " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
    private static final String ANSWER = "UPDATE idempotency_keys SET response_body = $1 WHERE scope = $2 AND idempotency_key = $3";
    private static final String EARLIER = "SELECT request_hash, response_body FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2";

    private final ObjectMapper json;

    public IdempotencyKeys(ObjectMapper json) {
        this.json = json;
    }

    /** In the transaction that does the work, so the answer is kept if and only if the work commits. A null key just does the work. */
    public <T> Uni<Replayable<T>> once(Tx tx, String scope, String key, Object request, Class<T> type, Supplier<Uni<T>> work) {
        if (key == null) {
            return work.get().map(Replayable::fresh);
        }
        if (key.isBlank() || key.length() > 200) {
            throw ApiException.invalid(HEADER, "must be 1 to 200 characters");
        }
        String hash = hash(request);
        return tx.execute(CLAIM, scope, key, hash)
                .flatMap(claimed -> claimed == 1
                        ? work.get().call(result -> tx.execute(ANSWER, write(result), scope, key)).map(Replayable::fresh)
                        : tx.query(EARLIER, scope, key).map(rows -> replay(rows.get(0), hash, type)));
    }

    private <T> Replayable<T> replay(Object[] row, String hash, Class<T> type) {
        if (!hash.equals(row[0])) {
            throw new ApiException(Problem.of(422, "Unprocessable Content", "idempotency-key-reused",
                            "this Idempotency-Key was used with a different request")
                    .withErrors(List.of(new Problem.FieldError(HEADER, "was used with a different request"))));
        }
        try {
            return new Replayable<>(json.readValue((String) row[1], type), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored answer is not readable", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hash(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(write(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 201 Created with the resource; a replay says so in {@link Replayable#HEADER}. */
    public static Response created(java.net.URI location, Replayable<?> result) {
        Response.ResponseBuilder r = Response.created(location).entity(result.value());
        if (result.replayed()) {
            r.header(Replayable.HEADER, "true");
        }
        return r.build();
    }
}
