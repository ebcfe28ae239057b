package io.dnwerks.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /inbound {from, to, text, messageId?}}: a phone "sends" us an SMS (MO), which the
 * simulator delivers to the platform's inbound webhook as a gateway would, signed as its receipts
 * are: {@code {messageId, from, to, text, at}}. Answers with the webhook's status and body. A delivery
 * the webhook did not take (unreachable, 5xx) is tried again in the background with the same
 * messageId, up to five times, as gateways retry MO delivery; a webhook must take it once.
 */
final class InboundSender {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{1,14}$");
    private static final int MAX_ATTEMPTS = 5;

    private final Vertx vertx;
    private final WebClient http;
    private final SmsSimulator.Shared shared;

    InboundSender(Vertx vertx, WebClient http, SmsSimulator.Shared shared) {
        this.vertx = vertx;
        this.http = http;
        this.shared = shared;
    }

    void receive(HttpServerRequest req, Buffer body) {
        JsonNode in;
        try {
            in = SmsSimulator.JSON.readTree(body.getBytes());
        } catch (Exception e) {
            answer(req, 400, SmsSimulator.JSON.createObjectNode().put("error", "body is not JSON"));
            return;
        }
        String from = in.path("from").asText(null);
        String text = in.path("text").asText(null);
        String url = in.path("url").asText(shared.inboundUrl);
        if (from == null || !E164.matcher(from).matches() || text == null) {
            answer(req, 400, SmsSimulator.JSON.createObjectNode().put("error", "an E.164 'from' and a 'text' are required"));
            return;
        }
        if (url == null || url.isBlank()) {
            answer(req, 409, SmsSimulator.JSON.createObjectNode().put("error",
                    "no inbound webhook: give 'url' or start with SIMULATOR_INBOUND_URL"));
            return;
        }
        ObjectNode mo = SmsSimulator.JSON.createObjectNode()
                .put("messageId", in.path("messageId").asText("MO-" + UUID.randomUUID()))
                .put("from", from).put("to", in.path("to").asText(null)).put("text", text)
                .put("at", java.time.Instant.now().toString());
        Buffer payload = Buffer.buffer(mo.toString());
        post(url, payload, 0, (status, answer) -> {
            ObjectNode out = SmsSimulator.JSON.createObjectNode().put("messageId", mo.path("messageId").asText()).put("status", status);
            try {
                out.set("response", answer == null || answer.isBlank() ? null : SmsSimulator.JSON.readTree(answer));
            } catch (Exception unreadable) {
                out.put("response", answer);
            }
            answer(req, status == 0 ? 502 : 200, out);
        });
    }

    private interface Answered {
        void accept(int status, String body);
    }

    private void post(String url, Buffer payload, int attempt, Answered first) {
        HttpRequest<Buffer> request = http.postAbs(url).putHeader("Content-Type", "application/json");
        WebhookSigning.sign(request, shared.secret, payload);
        request.sendBuffer(payload).onComplete(r -> {
            int status = r.succeeded() ? r.result().statusCode() : 0;
            if (first != null) {
                first.accept(status, r.succeeded() ? r.result().bodyAsString() : null);
            }
            if ((status == 0 || status >= 500) && attempt + 1 < MAX_ATTEMPTS) {
                vertx.setTimer(Math.min(5000, 200L << attempt), id -> post(url, payload, attempt + 1, null));
            }
        });
    }

    private static void answer(HttpServerRequest req, int status, JsonNode body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }
}
