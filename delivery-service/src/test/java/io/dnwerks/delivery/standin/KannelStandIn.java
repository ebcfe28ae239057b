package io.dnwerks.delivery.standin;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.client.WebClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for a Kannel smsbox, written from Kannel's user guide ("Sending SMS", "Parameters (Escape
 * Codes)", "Delivery reports") and smsbox.c, not from our adapter:
 * <ul>
 *   <li>{@code /cgi-bin/sendsms} by GET (or POST) with {@code username}/{@code user} and
 *   {@code password}/{@code pass} of a sendsms-user ("Authorization failed for sendsms", 403), {@code from},
 *   {@code to}, {@code text}, {@code charset}, {@code coding} (0 7-bit, 1 8-bit, 2 UCS-2), {@code max-messages}
 *   (the sendsms-user's default is 1: a longer text is cut to that many parts), {@code dlr-mask}, {@code dlr-url};
 *   answers 202 "0: Accepted for delivery", 202 "3: Queued for later delivery" (no SMSC connected),
 *   403 "Not routable. Do not try again.", 503 "Temporal failure, try again later." and smsbox.c's 400s.</li>
 *   <li>A 7-bit message reaches the phone in GSM 03.38: a character outside it arrives as '?'.</li>
 *   <li>Delivery reports as asked by dlr-mask: 8 (taken by the SMSC, %A "ACK/"), 4 (buffered), then 1
 *   (delivered), 2 (not delivered) or 16 (the SMSC refused it, %A "NACK/0x0000000b/..."), each a GET of
 *   dlr-url with the escapes filled in and url-encoded: %d type, %A the SMSC's reply (for SMPP the
 *   receipt "id:... stat:DELIVRD err:000 ..."), %F the SMSC's message id, %T the time, %p, %P, %I.</li>
 *   <li>MO: a GET of an sms-service get-url (%p sender as the SMSC gives it, without '+', %P receiver,
 *   %a text, %I Kannel's id, %T time); a non-empty answer is sent back to the phone as a reply, as
 *   Kannel does unless the service has omit-empty.</li>
 * </ul>
 * No idempotency: every accepted request is a text.
 */
public final class KannelStandIn implements AutoCloseable {

    /** One text as the phone got it. */
    public record Sent(String foreignId, String from, String to, String text, int coding, int parts, long acceptedAtMs) {
    }

    private static final String GSM = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€\f";
    private static final DateTimeFormatter RECEIPT_DATE = DateTimeFormatter.ofPattern("yyMMddHHmm");

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(vertx);
    private final HttpServer server;
    private final String username;
    private final String password;
    private final Random random = new Random();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> byPhone = new ConcurrentHashMap<>();
    private final Set<String> unroutable = ConcurrentHashMap.newKeySet();
    private final Set<String> undeliverable = ConcurrentHashMap.newKeySet();
    private final Set<String> smscRejects = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> loseAnswer = new ConcurrentHashMap<>();
    private final AtomicInteger temporalFailures = new AtomicInteger();
    private final AtomicInteger unauthorised = new AtomicInteger();
    private final List<String> reportAnswers = new CopyOnWriteArrayList<>();
    private final AtomicReference<Boolean> queued = new AtomicReference<>(false);

    public KannelStandIn(String username, String password) throws Exception {
        this.username = username;
        this.password = password;
        this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    public String sendsmsUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/cgi-bin/sendsms";
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

    /** How our webhook answered each delivery report, "status body". */
    public List<String> reportAnswers() {
        return List.copyOf(reportAnswers);
    }

    public void unroutable(String phone) {
        unroutable.add(phone);
    }

    /** Taken by the SMSC, never reaches the handset: report 2 with "stat:UNDELIV err:001". */
    public void undeliverable(String phone) {
        undeliverable.add(phone);
    }

    /** The SMSC refuses it: report 16, %A "NACK/0x0000000b/Invalid Destination Address". */
    public void smscRejects(String phone) {
        smscRejects.add(phone);
    }

    /** As in TwilioStandIn: texted and reported, but the connection closes before the 202. */
    public void loseAnswer(String phone, boolean reportsFirst) {
        loseAnswer.put(phone, reportsFirst);
    }

    /** The next n requests get 503 "Temporal failure, try again later.". */
    public void temporalFailures(int n) {
        temporalFailures.set(n);
    }

    /** No SMSC connected: messages are queued ("3: Queued for later delivery", report 4), texted later. */
    public void smscDown(boolean down) {
        queued.set(down);
    }

    /**
     * A phone texts one of our numbers and Kannel's sms-service calls {@code getUrl} with the escapes
     * filled in; answers our HTTP status. {@code from} is given as E.164 and passed as the SMSC gives it, digits only.
     */
    public int mo(String getUrl, String from, String to, String text) throws Exception {
        Map<Character, String> escapes = Map.of('p', from.replace("+", ""), 'P', to.replace("+", ""), 'a', text,
                'I', UUID.randomUUID().toString(), 'T', String.valueOf(System.currentTimeMillis() / 1000), 'k', text.split(" ")[0]);
        var answer = client.getAbs(fill(getUrl, escapes)).send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String reply = answer.bodyAsString();
        if (answer.statusCode() == 200 && reply != null && !reply.isEmpty()) {
            record(UUID.randomUUID().toString(), to, from, reply, 0, 1); // Kannel texts the answer back
        }
        return answer.statusCode();
    }

    private void handle(HttpServerRequest req) {
        if (!req.path().equals("/cgi-bin/sendsms")) {
            req.response().setStatusCode(404).end("Unknown request.");
            return;
        }
        if (req.getHeader("Content-Type") != null) {
            req.setExpectMultipart(true);
        }
        req.endHandler(v -> sendsms(req, merged(req)));
    }

    private static MultiMap merged(HttpServerRequest req) {
        MultiMap all = MultiMap.caseInsensitiveMultiMap().addAll(req.params());
        all.addAll(req.formAttributes());
        return all;
    }

    private void sendsms(HttpServerRequest req, MultiMap p) {
        String user = p.contains("username") ? p.get("username") : p.get("user");
        String pass = p.contains("password") ? p.get("password") : p.get("pass");
        if (!username.equals(user) || !password.equals(pass)) {
            unauthorised.incrementAndGet();
            answer(req, 403, "Authorization failed for sendsms");
            return;
        }
        String to = p.get("to");
        String from = p.get("from");
        String text = p.get("text");
        if (to == null) {
            answer(req, 400, "Missing receiver number, rejected");
            return;
        }
        if (to.isBlank()) {
            answer(req, 400, "Empty receiver number not allowed, rejected");
            return;
        }
        if (from == null || from.isBlank()) {
            answer(req, 400, "Sender missing and no global set, rejected");
            return;
        }
        int mask;
        int coding;
        int maxMessages;
        try {
            mask = p.contains("dlr-mask") ? Integer.parseInt(p.get("dlr-mask")) : 0;
        } catch (NumberFormatException e) {
            answer(req, 400, "DLR-Mask field misformed, rejected");
            return;
        }
        try {
            coding = p.contains("coding") ? Integer.parseInt(p.get("coding")) : 0;
            if (coding < 0 || coding > 2) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            answer(req, 400, "Coding field misformed, rejected");
            return;
        }
        maxMessages = p.contains("max-messages") ? Integer.parseInt(p.get("max-messages")) : 1;
        String dlrUrl = p.get("dlr-url");
        if (mask != 0 && (dlrUrl == null || dlrUrl.isBlank())) {
            answer(req, 400, "DLR-URL field misformed, rejected");
            return;
        }
        if (text == null) {
            text = "";
        }
        if (temporalFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            answer(req, 503, "Temporal failure, try again later.");
            return;
        }
        if (unroutable.contains(to)) {
            answer(req, 403, "Not routable. Do not try again.");
            return;
        }
        String phoneText = coding == 0 ? asGsm(text) : text;
        int perPart = coding == 2 ? 67 : 153;
        int single = coding == 2 ? 70 : 160;
        int parts = phoneText.length() <= single ? 1 : (phoneText.length() + perPart - 1) / perPart;
        if (parts > maxMessages) {
            phoneText = phoneText.substring(0, maxMessages == 1 ? single : maxMessages * perPart);
            parts = maxMessages;
        }
        String foreign = hex8();
        boolean down = queued.get();
        String finalText = phoneText;
        int finalParts = parts;
        Runnable deliver = () -> {
            if (!smscRejects.contains(to)) {
                record(foreign, from, to, finalText, coding, finalParts);
            }
        };
        Boolean reportsFirst = loseAnswer.get(to);
        if (reportsFirst == null) {
            answer(req, 202, down ? "3: Queued for later delivery" : "0: Accepted for delivery");
            if (!down) {
                deliver.run();
            }
            reports(dlrUrl, mask, foreign, from, to, text, down, deliver, 100);
        } else {
            deliver.run();
            if (reportsFirst) {
                reports(dlrUrl, mask, foreign, from, to, text, false, () -> { }, 0);
                vertx.setTimer(500, t -> req.connection().close());
            } else {
                req.connection().close();
                reports(dlrUrl, mask, foreign, from, to, text, false, () -> { }, 2000);
            }
        }
    }

    private void reports(String dlrUrl, int mask, String foreign, String from, String to, String text, boolean down,
                         Runnable deliver, long afterMs) {
        if (dlrUrl == null || mask == 0) {
            return;
        }
        vertx.setTimer(Math.max(1, afterMs), t -> {
            io.vertx.core.Future<Void> chain = io.vertx.core.Future.succeededFuture();
            if (down && (mask & 4) != 0) {
                chain = chain.compose(x -> report(dlrUrl, 4, "", foreign, from, to));
            }
            if (down) {
                chain = chain.onComplete(x -> deliver.run());
            }
            if (smscRejects.contains(to)) {
                if ((mask & 16) != 0) {
                    chain.compose(x -> report(dlrUrl, 16, "NACK/0x0000000b/Invalid Destination Address", foreign, from, to));
                }
                return;
            }
            if ((mask & 8) != 0) {
                chain = chain.compose(x -> report(dlrUrl, 8, "ACK/", foreign, from, to));
            }
            boolean reached = !undeliverable.contains(to);
            int type = reached ? 1 : 2;
            if ((mask & type) != 0) {
                String now = ZonedDateTime.now(ZoneOffset.UTC).format(RECEIPT_DATE);
                String receipt = "id:" + Long.parseLong(foreign, 16) + " sub:001 dlvrd:" + (reached ? "001" : "000") + " submit date:"
                        + now + " done date:" + now + " stat:" + (reached ? "DELIVRD err:000" : "UNDELIV err:001") + " text:"
                        + text.substring(0, Math.min(20, text.length()));
                chain.compose(x -> report(dlrUrl, type, receipt, foreign, from, to));
            }
        });
    }

    private io.vertx.core.Future<Void> report(String dlrUrl, int type, String reply, String foreign, String from, String to) {
        Map<Character, String> escapes = Map.of('d', String.valueOf(type), 'A', reply, 'F', foreign,
                'T', String.valueOf(System.currentTimeMillis() / 1000), 'p', from, 'P', to, 'I', UUID.randomUUID().toString());
        return client.getAbs(fill(dlrUrl, escapes)).send()
                .map(r -> {
                    reportAnswers.add(r.statusCode() + " " + r.bodyAsString());
                    return (Void) null;
                })
                .otherwise(f -> null); // a report that fails is lost, as with Kannel once its retries are spent
    }

    /** Kannel fills %x escapes with url-encoded values; an unknown escape is left as it is. */
    private static String fill(String template, Map<Character, String> escapes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length() && escapes.containsKey(template.charAt(i + 1))) {
                out.append(URLEncoder.encode(escapes.get(template.charAt(++i)), StandardCharsets.UTF_8));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private void record(String foreign, String from, String to, String text, int coding, int parts) {
        sent.add(new Sent(foreign, from, to, text, coding, parts, System.currentTimeMillis()));
        byPhone.computeIfAbsent(to, k -> new AtomicInteger()).incrementAndGet();
    }

    private static String asGsm(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.append(cp < 0x10000 && GSM.indexOf((char) cp) >= 0 ? (char) cp : '?'));
        return out.toString();
    }

    private static void answer(HttpServerRequest req, int status, String body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "text/html").end(body);
    }

    private synchronized String hex8() {
        return HexFormat.of().toHexDigits(random.nextInt(Integer.MAX_VALUE));
    }

    @Override
    public void close() {
        vertx.close();
    }
}
