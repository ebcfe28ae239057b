package io.dnwerks.delivery.rest;

import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.Problem;
import io.dnwerks.delivery.provider.GatewayEvents;
import io.dnwerks.delivery.provider.SmsGateway;
import io.dnwerks.delivery.provider.WebhookReply;
import io.dnwerks.delivery.provider.WebhookRequest;
import io.dnwerks.delivery.service.Gateways;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What gateways post (or get) to us: delivery receipts and inbound SMS, at /webhooks/receipts/{gateway}
 * and /webhooks/inbound/{gateway}. Not under /api: a gateway has no JWT; each gateway checks its own
 * signature (the simulator's HMAC, Twilio's X-Twilio-Signature, a shared secret in Kannel's URLs) and
 * answers in its own terms. 404 for a gateway that is not configured.
 */
@Path("/webhooks")
@Tag(name = "webhooks")
public class GatewayWebhooks {

    private static final Logger LOG = Logger.getLogger(GatewayWebhooks.class);

    private final Gateways gateways;
    private final GatewayEvents events;
    private final String publicBase;

    public GatewayWebhooks(Gateways gateways, GatewayEvents events,
                           @ConfigProperty(name = "dnwerks.receipts.base-url") String publicBase) {
        this.gateways = gateways;
        this.events = events;
        this.publicBase = publicBase.endsWith("/") ? publicBase.substring(0, publicBase.length() - 1) : publicBase;
    }

    @POST
    @Path("/receipts/{gateway}")
    @PermitAll
    @Operation(summary = "Delivery receipts from a gateway", description = "In the gateway's own format and signed its way: the "
            + "simulator's JSON ({externalId, status, at, errorMessage} or {receipts: [...]}), Twilio's StatusCallback form, "
            + "Kannel's dlr-url. Answered once the receipts are journaled (they are applied from there within moments); 401 for a "
            + "bad signature, 400 naming the field of a bad receipt (nothing of the request is taken), 503 while the journal "
            + "(Kafka) is unreachable, so that the gateway sends them again.")
    public Uni<Response> receipts(@PathParam("gateway") String gateway, @Context HttpHeaders headers, @Context UriInfo uri,
                                  @Context HttpServerRequest request, byte[] body) {
        return handle(WebhookRequest.Kind.RECEIPTS, gateway, headers, uri, request, body)
                .onFailure(f -> !(f instanceof ApiException)).transform(GatewayWebhooks::journalUnavailable);
    }

    @GET
    @Path("/receipts/{gateway}")
    @PermitAll
    @Operation(summary = "Delivery receipts from a gateway that calls with GET (Kannel's dlr-url)")
    public Uni<Response> receiptsByGet(@PathParam("gateway") String gateway, @Context HttpHeaders headers, @Context UriInfo uri,
                                       @Context HttpServerRequest request) {
        return receipts(gateway, headers, uri, request, new byte[0]);
    }

    @POST
    @Path("/inbound/{gateway}")
    @PermitAll
    @Operation(summary = "Inbound SMS from a gateway", description = "In the gateway's own format and signed its way. Stored once "
            + "per gateway message id (a message the gateway sends again is acted on and replied to once); a keyword (STOP, START, "
            + "HELP) acts at once. 401 for a bad signature, 400 naming the field of a bad message.")
    public Uni<Response> inbound(@PathParam("gateway") String gateway, @Context HttpHeaders headers, @Context UriInfo uri,
                                 @Context HttpServerRequest request, byte[] body) {
        return handle(WebhookRequest.Kind.INBOUND, gateway, headers, uri, request, body);
    }

    @GET
    @Path("/inbound/{gateway}")
    @PermitAll
    @Operation(summary = "Inbound SMS from a gateway that calls with GET (Kannel's sms-service get-url)")
    public Uni<Response> inboundByGet(@PathParam("gateway") String gateway, @Context HttpHeaders headers, @Context UriInfo uri,
                                      @Context HttpServerRequest request) {
        return inbound(gateway, headers, uri, request, new byte[0]);
    }

    private Uni<Response> handle(WebhookRequest.Kind kind, String name, HttpHeaders headers, UriInfo uri, HttpServerRequest http,
                                 byte[] body) {
        SmsGateway gateway = gateways.gateway(name).orElseThrow(() -> ApiException.notFound("gateway", name));
        Map<String, String> lowerCased = new HashMap<>();
        headers.getRequestHeaders().forEach((k, v) -> lowerCased.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
        String rawQuery = http.query();
        Map<String, List<String>> query;
        try {
            query = WebhookRequest.parse(rawQuery);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("query", "is not a well-formed query string");
        }
        // the URL as the gateway called it, behind whatever proxy: Twilio signs exactly that
        String url = publicBase + http.path() + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        WebhookRequest request = new WebhookRequest(kind, http.method().name(), url, lowerCased, query, body == null ? new byte[0] : body);
        return Uni.createFrom().deferred(() -> gateway.webhook(request, events)).map(GatewayWebhooks::response);
    }

    private static Response response(WebhookReply reply) {
        Response.ResponseBuilder r = Response.status(reply.status());
        return (reply.body() == null || reply.body().isEmpty() ? r : r.entity(reply.body()).type(reply.contentType())).build();
    }

    /** Kafka did not take the receipts: the gateway keeps them and sends them again, as it does for any 5xx. */
    private static Throwable journalUnavailable(Throwable f) {
        LOG.warnf("receipts refused with 503, the journal did not take them: %s", f.getMessage());
        return new ApiException(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "receipts-unavailable",
                "receipts cannot be taken right now; send them again later"));
    }
}
