package io.dnwerks.delivery.provider;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;

/** The built-in simulator (sms-simulator) over HTTP: POST /messages, receipts to our webhook. */
@ApplicationScoped
public class SimulatorGateway implements SmsGateway {

    private final WebClient http;
    private final URI base;
    private final Duration timeout;

    public SimulatorGateway(Vertx vertx,
                            @ConfigProperty(name = "dnwerks.providers.simulator.url", defaultValue = "http://127.0.0.1:8090") URI base,
                            @ConfigProperty(name = "dnwerks.providers.simulator.timeout", defaultValue = "PT10S") Duration timeout,
                            @ConfigProperty(name = "dnwerks.providers.simulator.connections", defaultValue = "64") int connections) {
        this.http = WebClient.create(vertx, new WebClientOptions().setMaxPoolSize(connections).setKeepAlive(true)
                .setDefaultHost(base.getHost()).setDefaultPort(base.getPort()));
        this.base = base;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public Uni<SendOutcome> send(OutgoingSms sms) {
        JsonObject body = new JsonObject().put("messageId", sms.messageId().toString()).put("to", sms.to())
                .put("body", sms.body()).put("receiptUrl", sms.receiptUrl());
        return http.postAbs(base.resolve("/messages").toString())
                .putHeader("Idempotency-Key", sms.messageId().toString())
                .timeout(timeout.toMillis())
                .sendJsonObject(body)
                // the client's own timeout does not cover waiting for a pooled connection
                .ifNoItem().after(timeout).fail()
                .map(SimulatorGateway::outcome)
                .onFailure().recoverWithItem(f -> new SendOutcome.Transient("gateway unreachable: " + f.getMessage(), Duration.ZERO));
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
            return new SendOutcome.Transient(reason, retryAfter(r.getHeader("Retry-After")));
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
