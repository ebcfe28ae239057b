package io.dnwerks.delivery.provider.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.delivery.provider.DeliveryGuarantee;
import io.dnwerks.delivery.provider.GatewayEvents;
import io.dnwerks.delivery.provider.OutgoingSms;
import io.dnwerks.delivery.provider.SendOutcome;
import io.dnwerks.delivery.provider.SmsGateway;
import io.dnwerks.delivery.provider.WebhookReply;
import io.dnwerks.delivery.provider.WebhookRequest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.dnwerks.delivery.provider.simulator.SimulatorSignature.text;

/**
 * The built-in simulator (sms-simulator) over HTTP: POST /messages/batch for up to batch-size messages
 * per request, each with its message id as idempotency key; receipts and inbound messages come to our
 * webhooks as JSON, signed (see {@link SimulatorSignature}). It answers as Twilio does for a number that
 * opted out with it (21610).
 */
public class SimulatorGateway implements SmsGateway {

    public static final String TYPE = "simulator";
    private static final int MAX_RECEIPTS = 1000;

    /** The simulator's receipt states onto ours; anything else is refused. */
    private static final Map<String, String> STATUS = Map.of(
            "delivered", "delivered",
            "failed", "failed",
            "undelivered", "failed",
            "expired", "failed",
            "bounced", "bounced",
            "rejected", "rejected");

    private final String name;
    private final WebClient http;
    private final URI base;
    private final Duration timeout;
    private final int batchSize;
    private final DeliveryGuarantee guarantee;
    private final SimulatorSignature signature;
    private final ObjectMapper json;

    SimulatorGateway(String name, SimulatorConfig.Instance config, Vertx vertx, ObjectMapper json) {
        this.name = name;
        this.base = config.url();
        this.http = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(config.connections()).setKeepAlive(true)
                .setDefaultHost(base.getHost()).setDefaultPort(base.getPort()));
        this.timeout = config.timeout();
        this.batchSize = config.batchSize();
        this.guarantee = config.deliveryGuarantee();
        this.signature = new SimulatorSignature(name, config.webhookSecret(), config.webhookMaxAge());
        this.json = json;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public DeliveryGuarantee guarantee() {
        return guarantee;
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
                .map(r -> outcomes(r, batch.size()))
                // unreachable or timed out: the simulator honours the idempotency key, so asking again is safe
                .onFailure().recoverWithItem(f -> everyone(batch.size(),
                        new SendOutcome.Unavailable("gateway unreachable or timed out: " + f.getMessage(), Duration.ZERO)));
    }

    private static List<SendOutcome> outcomes(HttpResponse<?> r, int expected) {
        int status = r.statusCode();
        if (status == 429 || status == 408 || status >= 500) {
            // the gateway refused the request as a whole: no message was looked at, and it is the gateway's trouble
            return everyone(expected, new SendOutcome.Unavailable("batch refused: " + status + " " + errorOf(r),
                    retryAfter(r.getHeader("Retry-After")), status == 429));
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
        return new JsonObject().put("messageId", sms.messageId().toString()).put("from", sms.from()).put("to", sms.to())
                .put("body", sms.body()).put("receiptUrl", sms.receiptUrl());
    }

    private static String errorOf(HttpResponse<?> r) {
        try {
            String error = r.bodyAsJsonObject().getString("error");
            return error == null ? "" : error;
        } catch (RuntimeException e) {
            return "";
        }
    }

    @Override
    public Uni<WebhookReply> webhook(WebhookRequest request, GatewayEvents events) {
        JsonNode body = signature.verifiedObject(request.body(), request.header(SimulatorSignature.TIMESTAMP_HEADER),
                request.header(SimulatorSignature.SIGNATURE_HEADER), json);
        return request.kind() == WebhookRequest.Kind.RECEIPTS ? receipts(body, events) : inbound(body, events);
    }

    /** One receipt {externalId, status, at, errorMessage}: 202; or {"receipts": [...]}: 200 with a result per receipt. */
    private Uni<WebhookReply> receipts(JsonNode body, GatewayEvents events) {
        if (!body.has("receipts")) {
            return events.receipts(name, List.of(receipt("", body))).replaceWith(new WebhookReply(202, "application/json", ""));
        }
        JsonNode list = body.get("receipts");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_RECEIPTS) {
            throw ApiException.invalid("receipts", "must be an array of 1 to " + MAX_RECEIPTS + " receipts");
        }
        List<GatewayEvents.Receipt> receipts = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            receipts.add(receipt("receipts[" + i + "].", list.get(i)));
        }
        return events.receipts(name, receipts).map(ignored -> {
            ArrayNode results = json.createArrayNode();
            receipts.forEach(r -> results.addObject().put("externalId", r.externalId()).put("outcome", "accepted"));
            ObjectNode out = json.createObjectNode();
            out.set("results", results);
            return WebhookReply.json(200, out.toString());
        });
    }

    private static GatewayEvents.Receipt receipt(String field, JsonNode r) {
        String status = text(r, "status");
        if (status == null) {
            throw ApiException.invalid(field + "status", "is required");
        }
        String ours = STATUS.get(status.toLowerCase(java.util.Locale.ROOT));
        if (ours == null) {
            throw ApiException.invalid(field + "status", "must be one of " + STATUS.keySet());
        }
        String at = text(r, "at");
        OffsetDateTime when;
        try {
            when = at == null ? null : OffsetDateTime.parse(at);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field + "at", "must be an ISO-8601 time");
        }
        String messageId = text(r, "messageId");
        java.util.UUID ourId;
        try {
            ourId = messageId == null ? null : java.util.UUID.fromString(messageId);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field + "messageId", "must be a UUID");
        }
        return new GatewayEvents.Receipt(field, text(r, "externalId"), ourId, ours, when, text(r, "errorMessage"));
    }

    /** {messageId, from, to, text, at}: 200 {inboundMessageId, keyword, duplicate}. */
    private Uni<WebhookReply> inbound(JsonNode m, GatewayEvents events) {
        String at = text(m, "at");
        OffsetDateTime when;
        try {
            when = at == null ? null : OffsetDateTime.parse(at).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("at", "must be an ISO-8601 time with an offset");
        }
        return events.inbound(name, new GatewayEvents.Inbound(text(m, "messageId"), text(m, "from"), text(m, "to"), text(m, "text"), when))
                .map(stored -> {
                    ObjectNode out = json.createObjectNode();
                    out.put("inboundMessageId", stored.id().toString());
                    out.put("keyword", stored.keyword());
                    out.put("duplicate", stored.duplicate());
                    return WebhookReply.json(200, out.toString());
                });
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
