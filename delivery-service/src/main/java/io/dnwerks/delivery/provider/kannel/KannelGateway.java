package io.dnwerks.delivery.provider.kannel;

import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.Problem;
import io.dnwerks.delivery.domain.SmsSegments;
import io.dnwerks.delivery.provider.DeliveryGuarantee;
import io.dnwerks.delivery.provider.GatewayEvents;
import io.dnwerks.delivery.provider.GatewayFieldNames;
import io.dnwerks.delivery.provider.OutgoingSms;
import io.dnwerks.delivery.provider.SendOutcome;
import io.dnwerks.delivery.provider.SmsGateway;
import io.dnwerks.delivery.provider.SmscNumbers;
import io.dnwerks.delivery.provider.WebhookReply;
import io.dnwerks.delivery.provider.WebhookRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.core.Response;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Kannel smsbox: one sendsms request per message (GET, the parameters of Kannel's user guide), with
 * a dlr-url that brings each delivery report back with our message id, Kannel's report type
 * ({@code %d}), the SMSC's receipt ({@code %A}) and its id ({@code %F}). MO messages come from an
 * {@code sms-service} whose {@code get-url} calls our inbound webhook. sendsms has no idempotency key
 * and no id of its own: the external id is ours, and the gateway is at-most-once by default.
 */
public class KannelGateway implements SmsGateway {

    public static final String TYPE = "kannel";

    /** Refusals name the parameters of our URLs, which are what the operator sees in Kannel's log. */
    private static final GatewayFieldNames FIELDS = new GatewayFieldNames(Map.of("externalId", "messageId",
            "messageId", "id", "status", "type"));

    private final String name;
    private final KannelConfig.Instance config;
    private final WebClient http;
    private final KannelWebhookAuth auth;

    KannelGateway(String name, KannelConfig.Instance config, Vertx vertx) {
        this.name = name;
        this.config = config;
        boolean tls = "https".equalsIgnoreCase(config.sendsmsUrl().getScheme());
        this.http = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(config.connections()).setKeepAlive(true).setSsl(tls));
        this.auth = new KannelWebhookAuth(config.webhookSecret());
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
        return config.deliveryGuarantee();
    }

    @Override
    public Duration timeout() {
        return config.timeout();
    }

    @Override
    public int maxBatch() {
        return config.batchSize();
    }

    @Override
    public Uni<List<SendOutcome>> sendAll(List<OutgoingSms> batch) {
        return Uni.join().all(batch.stream().map(this::send).toList()).andCollectFailures();
    }

    private Uni<SendOutcome> send(OutgoingSms sms) {
        String id = sms.messageId().toString();
        HttpRequest<Buffer> request = http.getAbs(config.sendsmsUrl().toString())
                .addQueryParam("username", config.username()).addQueryParam("password", config.password())
                .addQueryParam("from", sms.from()).addQueryParam("to", sms.to())
                .addQueryParam("text", sms.body()).addQueryParam("charset", "UTF-8")
                // 7-bit when the text fits GSM 03.38, else UCS-2 (Kannel converts from the charset)
                .addQueryParam("coding", SmsSegments.isGsm7(sms.body()) ? "0" : "2")
                .addQueryParam("max-messages", String.valueOf(config.maxMessages()));
        config.smsc().ifPresent(smsc -> request.addQueryParam("smsc", smsc));
        if (sms.receiptUrl() != null) {
            request.addQueryParam("dlr-mask", String.valueOf(config.dlrMask())).addQueryParam("dlr-url", reportUrl(sms.receiptUrl(), id));
        }
        return request.timeout(config.timeout().toMillis()).send()
                .ifNoItem().after(config.timeout()).fail()
                .map(r -> KannelAnswers.outcome(r.statusCode(), r.bodyAsString(), id))
                .onFailure().recoverWithItem(SendOutcome::noAnswer);
    }

    /** Our id and its signature, then the escapes Kannel fills in: report type, SMSC receipt, SMSC id, time. */
    String reportUrl(String receiptUrl, String messageId) {
        return receiptUrl + "?messageId=" + messageId + "&sig=" + auth.signatureOf(messageId) + "&type=%d&reply=%A&foreign=%F&at=%T";
    }

    @Override
    public Uni<WebhookReply> webhook(WebhookRequest request, GatewayEvents events) {
        // Kannel calls both URLs with GET; a POST with the same query is taken too
        return request.kind() == WebhookRequest.Kind.RECEIPTS ? report(request, events) : inbound(request, events);
    }

    private Uni<WebhookReply> report(WebhookRequest request, GatewayEvents events) {
        String messageId = request.queryParam("messageId");
        if (!auth.validReport(messageId, request.queryParam("sig"))) {
            throw unauthorised("the delivery report's sig does not match its messageId");
        }
        UUID ours = uuid(messageId);
        String reply = request.queryParam("reply");
        int type;
        String state;
        try {
            type = Integer.parseInt(String.valueOf(request.queryParam("type")));
            state = KannelAnswers.receiptState(type, reply);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("type", "must be one of 1, 2, 4, 8, 16 or 32 (Kannel's %d)");
        }
        if (state == null) {
            return Uni.createFrom().item(WebhookReply.text(200, ""));
        }
        OffsetDateTime at = epoch(request.queryParam("at"));
        return FIELDS.around(() -> events.receipts(name, List.of(new GatewayEvents.Receipt("", messageId, ours, state, at,
                        KannelAnswers.error(type, reply)))))
                .replaceWith(WebhookReply.text(200, ""));
    }

    /** An MO from the sms-service's get-url; answered with an empty body (with omit-empty, Kannel replies nothing: our keyword replies do). */
    private Uni<WebhookReply> inbound(WebhookRequest request, GatewayEvents events) {
        if (!auth.validToken(request.queryParam("token"))) {
            throw unauthorised("the get-url's token is not this gateway's webhook secret");
        }
        return FIELDS.around(() -> events.inbound(name, new GatewayEvents.Inbound(request.queryParam("id"),
                        SmscNumbers.e164(request.queryParam("from")), SmscNumbers.e164(request.queryParam("to")), request.queryParam("text"),
                        epoch(request.queryParam("at")))))
                .replaceWith(WebhookReply.text(200, ""));
    }

    private static OffsetDateTime epoch(String seconds) {
        if (seconds == null || seconds.isEmpty()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(seconds)).atOffset(ZoneOffset.UTC);
        } catch (NumberFormatException | DateTimeException e) {
            throw ApiException.invalid("at", "must be a UNIX time in seconds (Kannel's %T)");
        }
    }

    private static UUID uuid(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("messageId", "must be a UUID");
        }
    }

    private static ApiException unauthorised(String detail) {
        return new ApiException(Problem.of(Response.Status.UNAUTHORIZED, "bad-signature", detail));
    }
}
