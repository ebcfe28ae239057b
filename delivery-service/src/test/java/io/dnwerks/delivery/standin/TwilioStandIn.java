package io.dnwerks.delivery.standin;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Twilio's Programmable Messaging, written from Twilio's documentation (not from our
 * adapter): POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, HTTP basic auth
 * AccountSid:AuthToken; 201 with the message resource (sid "SM" + 32 hex, status "queued"); errors as
 * {"code","message","more_info","status"}: 20003 (401, authenticate), 21211 (400, invalid To), 21610
 * (400, the number replied STOP), 21614 (400, not SMS-capable), 20429 (429, too many requests). No
 * idempotency: every accepted POST is a text. StatusCallback gets "sent" then "delivered" (or
 * "undelivered" with an ErrorCode), form posts signed with X-Twilio-Signature: Base64 HMAC-SHA1 with
 * the auth token over the URL followed by the sorted parameters as name+value. No callback for the
 * initial status.
 */
public final class TwilioStandIn implements AutoCloseable {

    /** One accepted message, as the phone would get it. */
    public record Sent(String sid, String from, String to, String body, long acceptedAtMs) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(vertx);
    private final HttpServer server;
    private final String accountSid;
    private final String authToken;
    private final Random random = new Random();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> byPhone = new ConcurrentHashMap<>();
    private final Set<String> unsubscribed = ConcurrentHashMap.newKeySet();
    private final Set<String> notSmsCapable = ConcurrentHashMap.newKeySet();
    private final Map<String, String> undeliverable = new ConcurrentHashMap<>();
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final Map<String, Boolean> loseAnswer = new ConcurrentHashMap<>();
    private final AtomicInteger unauthorised = new AtomicInteger();

    public TwilioStandIn(String accountSid, String authToken) throws Exception {
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public int textsTo(String phone) {
        AtomicInteger n = byPhone.get(phone);
        return n == null ? 0 : n.get();
    }

    public int unauthorisedRequests() {
        return unauthorised.get();
    }

    public void unsubscribe(String phone) {
        unsubscribed.add(phone);
    }

    public void notSmsCapable(String phone) {
        notSmsCapable.add(phone);
    }

    /** The handset is never reached: the callback says undelivered with this error code (e.g. 30005). */
    public void undeliverable(String phone, String errorCode) {
        undeliverable.put(phone, errorCode);
    }

    /**
     * Messages to this phone are taken (texted, and called back) but their answer is lost: the connection
     * closes before the 201. {@code callbacksFirst}: the status callbacks are made before it closes, so
     * they reach the webhook before the sender knows anything; otherwise they come two seconds after.
     */
    public void loseAnswer(String phone, boolean callbacksFirst) {
        loseAnswer.put(phone, callbacksFirst);
    }

    /** The next n requests get 429 / 20429 with Retry-After: 1. */
    public void throttleNext(int n) {
        throttleNext.set(n);
    }

    /** A phone texts one of our numbers: posted to the number's SMS webhook as Twilio does. */
    public int inbound(String webhookUrl, String from, String to, String body) throws Exception {
        Map<String, String> params = new TreeMap<>();
        params.put("MessageSid", "SM" + hex32());
        params.put("AccountSid", accountSid);
        params.put("From", from);
        params.put("To", to);
        params.put("Body", body);
        params.put("NumMedia", "0");
        params.put("FromCountry", "US");
        return post(webhookUrl, params);
    }

    /** What Twilio signs: the URL, then each parameter sorted by name as name + value (Twilio's webhook security page). */
    public String signatureOf(String url, Map<String, String> params) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private int post(String url, Map<String, String> params) throws Exception {
        return postAsync(url, params).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private io.vertx.core.Future<Integer> postAsync(String url, Map<String, String> params) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        params.forEach(form::add);
        try {
            return client.postAbs(url).putHeader("X-Twilio-Signature", signatureOf(url, params)).sendForm(form).map(r -> r.statusCode());
        } catch (Exception e) {
            return io.vertx.core.Future.failedFuture(e);
        }
    }

    private void handle(HttpServerRequest req) {
        String path = "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
        if (!req.method().name().equals("POST") || !req.path().equals(path)) {
            error(req, 404, 20404, "The requested resource " + req.path() + " was not found");
            return;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(req.getHeader("Authorization"))) {
            unauthorised.incrementAndGet();
            error(req, 401, 20003, "Authenticate");
            return;
        }
        req.setExpectMultipart(true);
        req.endHandler(v -> {
            MultiMap form = req.formAttributes();
            String to = form.get("To");
            String from = form.get("From");
            String body = form.get("Body");
            if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                req.response().putHeader("Retry-After", "1");
                error(req, 429, 20429, "Too Many Requests");
                return;
            }
            if (to == null || !to.matches("\\+[1-9][0-9]{1,14}")) {
                error(req, 400, 21211, "The 'To' number " + to + " is not a valid phone number.");
                return;
            }
            if (from == null && form.get("MessagingServiceSid") == null) {
                error(req, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message");
                return;
            }
            if (body == null || body.isEmpty() || body.length() > 1600) {
                error(req, 400, 21602, "Message body is required and must be at most 1600 characters.");
                return;
            }
            if (unsubscribed.contains(to)) {
                error(req, 400, 21610, "Attempt to send to unsubscribed recipient");
                return;
            }
            if (notSmsCapable.contains(to)) {
                error(req, 400, 21614, "'To' number is not a valid mobile number");
                return;
            }
            String sid = "SM" + hex32();
            sent.add(new Sent(sid, from, to, body, System.currentTimeMillis()));
            byPhone.computeIfAbsent(to, k -> new AtomicInteger()).incrementAndGet();
            JsonObject resource = new JsonObject().put("sid", sid).put("account_sid", accountSid).put("to", to).put("from", from)
                    .put("body", body).put("status", "queued").put("num_segments", "1").put("direction", "outbound-api")
                    .putNull("error_code").putNull("error_message")
                    .put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
            String callback = form.get("StatusCallback");
            Boolean callbacksFirst = loseAnswer.get(to);
            if (callbacksFirst == null) {
                req.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(resource.encode());
                if (callback != null) {
                    callbacks(callback, sid, from, to, 100);
                }
            } else if (callbacksFirst && callback != null) {
                String error = undeliverable.get(to);
                postAsync(callback, status(sid, from, to, "sent", null))
                        .compose(ignored -> postAsync(callback, status(sid, from, to, error == null ? "delivered" : "undelivered", error)))
                        .onComplete(ignored -> req.connection().close());
            } else {
                req.connection().close();
                if (callback != null) {
                    callbacks(callback, sid, from, to, 2000);
                }
            }
        });
    }

    private void callbacks(String url, String sid, String from, String to, long afterMs) {
        // on the stand-in's event loop: never wait there for our own requests' answers
        vertx.setTimer(afterMs, t -> {
            String error = undeliverable.get(to);
            postAsync(url, status(sid, from, to, "sent", null))
                    .compose(ignored -> postAsync(url, status(sid, from, to, error == null ? "delivered" : "undelivered", error)));
            // a callback that fails is a receipt that never comes, as with Twilio
        });
    }

    private Map<String, String> status(String sid, String from, String to, String status, String errorCode) {
        Map<String, String> p = new TreeMap<>();
        p.put("MessageSid", sid);
        p.put("SmsSid", sid);
        p.put("AccountSid", accountSid);
        p.put("From", from == null ? "" : from);
        p.put("To", to);
        p.put("MessageStatus", status);
        p.put("SmsStatus", status);
        p.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            p.put("ErrorCode", errorCode);
        }
        return p;
    }

    private void error(HttpServerRequest req, int status, int code, String message) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(new JsonObject().put("code", code)
                .put("message", message).put("more_info", "https://www.twilio.com/docs/errors/" + code).put("status", status).encode());
    }

    private synchronized String hex32() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** URL-encodes a query value, for tests that build URLs. */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
