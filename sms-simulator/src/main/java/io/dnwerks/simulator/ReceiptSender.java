package io.dnwerks.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts delivery receipts to the webhooks, one per request or, with a receipt batch size above 1, the
 * receipts that fall due within a few milliseconds of each other together. A receipt the webhook did
 * not take (no answer, not 2xx, or an "unknown" outcome in a batch answer) is sent again with a growing
 * pause (up to 5 s) for ten minutes, as gateways retry their callbacks for a while: long enough to
 * outlast a webhook restarted a few times in a row. One instance per event loop: no locking.
 */
final class ReceiptSender {

    private static final long LINGER_MS = 20;
    private static final long GIVE_UP_MS = 10 * 60_000;

    private record Due(ObjectNode receipt, int attempt, long firstAtMs) {
    }

    private final Vertx vertx;
    private final WebClient http;
    private final SmsSimulator.Shared shared;
    private final Map<String, List<Due>> waiting = new HashMap<>();

    ReceiptSender(Vertx vertx, WebClient http, SmsSimulator.Shared shared) {
        this.vertx = vertx;
        this.http = http;
        this.shared = shared;
    }

    void add(String url, ObjectNode receipt) {
        add(url, new Due(receipt, 0, System.currentTimeMillis()));
    }

    private void add(String url, Due due) {
        int batchSize = Math.max(1, shared.config.receiptBatchSize());
        if (batchSize == 1) {
            post(url, List.of(due), false);
            return;
        }
        List<Due> list = waiting.computeIfAbsent(url, u -> new ArrayList<>());
        list.add(due);
        if (list.size() >= batchSize) {
            waiting.remove(url);
            post(url, list, true);
        } else if (list.size() == 1) {
            vertx.setTimer(LINGER_MS, id -> {
                List<Due> ready = waiting.remove(url);
                if (ready != null && !ready.isEmpty()) {
                    post(url, ready, true);
                }
            });
        }
    }

    private void post(String url, List<Due> batch, boolean asBatch) {
        JsonNode body;
        if (asBatch) {
            ArrayNode receipts = SmsSimulator.JSON.createArrayNode();
            batch.forEach(d -> receipts.add(d.receipt()));
            body = SmsSimulator.JSON.createObjectNode().set("receipts", receipts);
        } else {
            body = batch.get(0).receipt();
        }
        Buffer payload = Buffer.buffer(body.toString());
        HttpRequest<Buffer> request = http.postAbs(url).putHeader("Content-Type", "application/json");
        WebhookSigning.sign(request, shared.secret, payload);
        request.sendBuffer(payload).onComplete(r -> {
            if (r.failed() || r.result().statusCode() / 100 != 2) {
                batch.forEach(d -> again(url, d));
            } else if (asBatch) {
                againIfUnknown(url, batch, r.result().bodyAsString());
            }
        });
    }

    /** The webhook's per-receipt answers, in order: resend those it could not place yet. */
    private void againIfUnknown(String url, List<Due> batch, String answer) {
        try {
            JsonNode results = SmsSimulator.JSON.readTree(answer).path("results");
            for (int i = 0; i < batch.size() && i < results.size(); i++) {
                if ("unknown".equals(results.get(i).path("outcome").asText())) {
                    again(url, batch.get(i));
                }
            }
        } catch (Exception unreadable) {
            // a 2xx without the per-receipt answers: the webhook took them all
        }
    }

    private void again(String url, Due d) {
        if (System.currentTimeMillis() - d.firstAtMs() > GIVE_UP_MS) {
            return;
        }
        vertx.setTimer(Math.min(5000, 200L << Math.min(d.attempt(), 5)), id -> add(url, new Due(d.receipt(), d.attempt() + 1, d.firstAtMs())));
    }
}
