package io.dnwerks.delivery.provider;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in simulator (sms-simulator) over HTTP: POST /messages, or POST /messages/batch for up to
 * {@code dnwerks.providers.simulator.batch-size} messages per request; receipts come to our webhook.
 */
@ApplicationScoped
public class SimulatorGateway implements SmsGateway {

    private final WebClient http;
    private final URI base;
    private final Duration timeout;
    private final int batchSize;

    public SimulatorGateway(Vertx vertx,
                            @ConfigProperty(name = "dnwerks.providers.simulator.url", defaultValue = "http://127.0.0.1:8090") URI base,
                            @ConfigProperty(name = "dnwerks.providers.simulator.timeout", defaultValue = "PT10S") Duration timeout,
                            @ConfigProperty(name = "dnwerks.providers.simulator.connections", defaultValue = "64") int connections,
                            @ConfigProperty(name = "dnwerks.providers.simulator.batch-size", defaultValue = "100") int batchSize) {
        this.http = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(connections).setKeepAlive(true)
                .setDefaultHost(base.getHost()).setDefaultPort(base.getPort()));
        this.base = base;
        this.timeout = timeout;
        this.batchSize = Math.max(1, Math.min(1000, batchSize));
    }

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public Uni<SendOutcome> send(OutgoingSms sms) {
        JsonObject body = body(sms);
        return http.postAbs(base.resolve("/messages").toString())
                .putHeader("Idempotency-Key", sms.messageId().toString())
                .timeout(timeout.toMillis())
                .sendJsonObject(body)
                // the client's own timeout does not cover waiting for a pooled connection
                .ifNoItem().after(timeout).fail()
                .map(SimulatorGateway::outcome)
                .onFailure().recoverWithItem(f -> new SendOutcome.Unavailable("gateway unreachable: " + f.getMessage(), Duration.ZERO));
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public int maxBatch() {
        return batchSize;
    }

    /**
     * POST /messages/batch, also for a single message, since only its per-message answers tell a message's
     * trouble from the gateway's; a request that fails as a whole leaves every message to retry.
     */
    @Override
    public Uni<List<SendOutcome>> sendAll(List<OutgoingSms> batch) {
        JsonArray messages = new JsonArray();
        batch.forEach(sms -> messages.add(body(sms)));
        return http.postAbs(base.resolve("/messages/batch").toString())
                .timeout(timeout.toMillis())
                .sendJsonObject(new JsonObject().put("messages", messages))
                .ifNoItem().after(timeout).fail()
                .onFailure().recoverWithItem(f -> null)
                .map(r -> r == null ? everyone(batch.size(), new SendOutcome.Unavailable("gateway unreachable or timed out", Duration.ZERO))
                        : outcomes(r, batch.size()));
    }

    private static List<SendOutcome> outcomes(HttpResponse<?> r, int expected) {
        int status = r.statusCode();
        if (status == 429 || status == 408 || status >= 500) {
            // the gateway refused the request as a whole: no message was looked at, and it is the gateway's trouble
            return everyone(expected, new SendOutcome.Unavailable("batch refused: " + status + " " + errorOf(r),
                    retryAfter(r.getHeader("Retry-After"))));
        }
        if (status != 200) {
            // anything else (a 400, a 413, a redirect) is about what we sent: it costs each message a retry, so it ends
            return everyone(expected, new SendOutcome.Transient("batch refused: " + status + " " + errorOf(r), Duration.ZERO));
        }
        JsonArray results;
        try {
            results = r.bodyAsJsonObject().getJsonArray("results");
        } catch (RuntimeException notJson) {
            results = null;
        }
        if (results == null || results.size() != expected) {
            return everyone(expected, new SendOutcome.Transient("batch answer does not match the request", Duration.ZERO));
        }
        List<SendOutcome> out = new ArrayList<>(expected);
        for (int i = 0; i < expected; i++) {
            out.add(entryOutcome(results.getValue(i)));
        }
        return out;
    }

    /** One message's entry in a batch answer; one the gateway answered but we cannot read costs the message a retry. */
    private static SendOutcome entryOutcome(Object entry) {
        try {
            JsonObject result = (JsonObject) entry;
            int status = result.getInteger("status", 500);
            if (status == 200 || status == 201 || status == 202) {
                String externalId = result.getString("externalId");
                return externalId == null ? new SendOutcome.Transient("answer without an external id", Duration.ZERO)
                        : new SendOutcome.Accepted(externalId);
            } else if (status == 429 || status >= 500 || status == 408) {
                return new SendOutcome.Transient(status + " " + result.getString("error", ""),
                        Duration.ofSeconds(result.getInteger("retryAfter", 0)));
            }
            if (UNSUBSCRIBED.equals(String.valueOf(result.getValue("code")))) {
                return new SendOutcome.OptedOut(status + " " + result.getString("error", "") + " (" + UNSUBSCRIBED + ")");
            }
            return new SendOutcome.Permanent(status + " " + result.getString("error", ""));
        } catch (RuntimeException unreadable) {
            return new SendOutcome.Transient("answer not understood", Duration.ZERO);
        }
    }

    /** The gateway's code for a number that opted out with the carrier (the simulator answers as Twilio does). */
    private static final String UNSUBSCRIBED = "21610";

    private static List<SendOutcome> everyone(int n, SendOutcome outcome) {
        return java.util.Collections.nCopies(n, outcome);
    }

    private static JsonObject body(OutgoingSms sms) {
        return new JsonObject().put("messageId", sms.messageId().toString()).put("to", sms.to())
                .put("body", sms.body()).put("receiptUrl", sms.receiptUrl());
    }

    private static SendOutcome outcome(HttpResponse<?> r) {
        int status = r.statusCode();
        if (status == 200 || status == 201 || status == 202) {
            String externalId = r.bodyAsJsonObject().getString("externalId");
            return externalId == null ? new SendOutcome.Transient("answer without an external id", Duration.ZERO)
                    : new SendOutcome.Accepted(externalId);
        }
        String reason = status + " " + errorOf(r);
        if (status == 429 || status >= 500 || status == 408) {
            // the single endpoint cannot tell the message's trouble from the gateway's: take it for the gateway's
            return new SendOutcome.Unavailable(reason, retryAfter(r.getHeader("Retry-After")));
        }
        return new SendOutcome.Permanent(reason);
    }

    private static String errorOf(HttpResponse<?> r) {
        try {
            String error = r.bodyAsJsonObject().getString("error");
            return error == null ? "" : error;
        } catch (RuntimeException e) {
            return "";
        }
    }

    static Duration retryAfter(String header) {
        if (header == null) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return Duration.ZERO; // an HTTP date: fall back to our own backoff
        }
    }
}
