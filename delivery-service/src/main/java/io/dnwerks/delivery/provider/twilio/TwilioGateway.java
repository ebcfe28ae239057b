package io.dnwerks.delivery.provider.twilio;

import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.Problem;
import io.dnwerks.delivery.provider.DeliveryGuarantee;
import io.dnwerks.delivery.provider.GatewayEvents;
import io.dnwerks.delivery.provider.GatewayFieldNames;
import io.dnwerks.delivery.provider.OutgoingSms;
import io.dnwerks.delivery.provider.SendOutcome;
import io.dnwerks.delivery.provider.SmsGateway;
import io.dnwerks.delivery.provider.WebhookReply;
import io.dnwerks.delivery.provider.WebhookRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Twilio's Messages API, or any provider that speaks it (the base URL is configurable): one form post
 * per message to {base}/2010-04-01/Accounts/{sid}/Messages.json with basic auth; StatusCallback
 * receipts and inbound messages come to our webhooks as form posts signed with X-Twilio-Signature.
 * The API takes no idempotency key, so the gateway is at-most-once by default.
 */
public class TwilioGateway implements SmsGateway {

    public static final String TYPE = "twilio";
    static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    /** Refusals name Twilio's parameters (our receipt's externalId and an inbound's messageId are its MessageSid). */
    private static final GatewayFieldNames FIELDS = new GatewayFieldNames(Map.of("externalId", "MessageSid",
            "messageId", "MessageSid", "from", "From", "to", "To", "text", "Body", "status", "MessageStatus"));

    private final String name;
    private final TwilioConfig.Instance config;
    private final WebClient http;
    private final String messagesUrl;
    private final TwilioSignature signature;

    TwilioGateway(String name, TwilioConfig.Instance config, Vertx vertx) {
        this.name = name;
        this.config = config;
        URI base = config.baseUrl();
        boolean tls = "https".equalsIgnoreCase(base.getScheme());
        this.http = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(config.connections()).setKeepAlive(true).setSsl(tls));
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
        this.messagesUrl = root + "/2010-04-01/Accounts/" + config.accountSid() + "/Messages.json";
        this.signature = new TwilioSignature(config.authToken());
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
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("To", sms.to()).add("Body", sms.body());
        config.messagingServiceSid().ifPresentOrElse(sid -> form.add("MessagingServiceSid", sid), () -> form.add("From", sms.from()));
        if (sms.receiptUrl() != null) {
            // our id in the callback's URL, so that a receipt can settle a message whose answer was lost
            form.add("StatusCallback", sms.receiptUrl() + "?messageId=" + sms.messageId());
        }
        return http.postAbs(messagesUrl).basicAuthentication(config.accountSid(), config.authToken())
                .timeout(config.timeout().toMillis())
                .sendForm(io.vertx.mutiny.core.MultiMap.newInstance(form))
                .ifNoItem().after(config.timeout()).fail()
                .map(r -> TwilioAnswers.outcome(r.statusCode(), r.bodyAsString(), r.getHeader("Retry-After")))
                .onFailure().recoverWithItem(SendOutcome::noAnswer);
    }

    @Override
    public Uni<WebhookReply> webhook(WebhookRequest request, GatewayEvents events) {
        Map<String, List<String>> form;
        try {
            form = request.form();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("body", "is not a form (application/x-www-form-urlencoded)");
        }
        if (!signature.valid(request.url(), form, request.header(SIGNATURE_HEADER))) {
            throw new ApiException(Problem.of(Response.Status.UNAUTHORIZED, "bad-signature",
                    "the request's " + SIGNATURE_HEADER + " does not match"));
        }
        return request.kind() == WebhookRequest.Kind.RECEIPTS ? receipt(request, form, events) : inbound(form, events);
    }

    /** A StatusCallback: a final state settles the message; one on the way (queued, sent, ...) is taken and changes nothing. */
    private Uni<WebhookReply> receipt(WebhookRequest request, Map<String, List<String>> form, GatewayEvents events) {
        if (first(form, "MessageStatus") == null) {
            throw ApiException.invalid("MessageStatus", "is required");
        }
        String state = TwilioAnswers.receiptState(first(form, "MessageStatus"), first(form, "ErrorCode"));
        if (state == null) {
            return Uni.createFrom().item(new WebhookReply(204, "text/plain", ""));
        }
        UUID ours = ourMessageId(request.queryParam("messageId"));
        String error = first(form, "ErrorCode") == null ? null : "Twilio error " + first(form, "ErrorCode");
        return FIELDS.around(() -> events.receipts(name,
                        List.of(new GatewayEvents.Receipt("", first(form, "MessageSid"), ours, state, null, error))))
                .replaceWith(new WebhookReply(204, "text/plain", ""));
    }

    /** The messageId we put in the StatusCallback URL (signed with it, so it is ours); absent on callbacks from before it was. */
    private static UUID ourMessageId(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("messageId", "must be a UUID");
        }
    }

    /** An inbound message: answered with an empty TwiML response, so that Twilio replies nothing itself (our keyword replies do). */
    private Uni<WebhookReply> inbound(Map<String, List<String>> form, GatewayEvents events) {
        return FIELDS.around(() -> events.inbound(name, new GatewayEvents.Inbound(first(form, "MessageSid"), first(form, "From"),
                        first(form, "To"), first(form, "Body"), null)))
                .replaceWith(new WebhookReply(200, "text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>"));
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
