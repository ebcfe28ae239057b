package io.dnwerks.delivery.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.validation.Patterns;
import io.dnwerks.delivery.provider.SimulatorSignature;
import io.dnwerks.delivery.service.InboundService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.dnwerks.delivery.provider.SimulatorSignature.text;

/**
 * SMS that phones send us (MO), from gateways. Not under /api: a gateway has no JWT; each provider's
 * requests are authenticated by its signature instead, the simulator's as its receipts are.
 */
@Path("/webhooks/inbound")
@Tag(name = "webhooks")
public class InboundWebhook {

    private static final String PROVIDER = "simulator";
    private static final int MAX_TEXT = 1600;
    private static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile(Patterns.E164);

    private final InboundService inbound;
    private final SimulatorSignature signature;
    private final ObjectMapper json;

    public InboundWebhook(InboundService inbound, SimulatorSignature signature, ObjectMapper json) {
        this.inbound = inbound;
        this.signature = signature;
        this.json = json;
    }

    @POST
    @Path("/simulator")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inbound SMS from the simulator", description = "{messageId, from, to, text, at}: the gateway's id for the "
            + "message, the sender's E.164 number, ours, the text and when it was received (ISO-8601, default now). 200 "
            + "{inboundMessageId, keyword, duplicate} once stored: keyword is opt-out, opt-in, help or null; a message the gateway "
            + "sends again is stored, acted on and replied to once (duplicate: true). Signed as the receipts are "
            + "(X-Simulator-Timestamp, X-Simulator-Signature); 401 otherwise, 400 naming the field of a bad message.")
    public Uni<Response> simulator(@HeaderParam(SimulatorSignature.TIMESTAMP_HEADER) String timestamp,
                                   @HeaderParam(SimulatorSignature.SIGNATURE_HEADER) String sig, byte[] body) {
        JsonNode m = signature.verifiedObject(body, timestamp, sig, json);
        String id = text(m, "messageId");
        if (id == null || id.isBlank() || id.length() > 255) {
            throw ApiException.invalid("messageId", "is required, at most 255 characters");
        }
        String from = text(m, "from");
        if (from == null || !E164.matcher(from).matches()) {
            throw ApiException.invalid("from", Patterns.E164_MESSAGE);
        }
        String to = text(m, "to");
        if (to != null && !E164.matcher(to).matches()) {
            throw ApiException.invalid("to", Patterns.E164_MESSAGE);
        }
        String text = text(m, "text");
        if (text == null || text.length() > MAX_TEXT || text.indexOf('\0') >= 0) {
            throw ApiException.invalid("text", "is required, at most " + MAX_TEXT + " characters, without NUL");
        }
        OffsetDateTime at = receivedAt(text(m, "at"));
        return inbound.receive(new InboundService.Received(PROVIDER, id, from, to, text, at)).map(stored -> {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("inboundMessageId", stored.id());
            out.put("keyword", stored.keyword());
            out.put("duplicate", stored.duplicate());
            return Response.ok(out, MediaType.APPLICATION_JSON).build();
        });
    }

    /** The gateway's time, unless it is missing or further than a day from ours (its clock is not trusted beyond that). */
    private static OffsetDateTime receivedAt(String at) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        if (at == null) {
            return now;
        }
        try {
            OffsetDateTime when = OffsetDateTime.parse(at).truncatedTo(ChronoUnit.MICROS);
            if (when.isBefore(now.minusDays(1)) || when.isAfter(now.plusMinutes(5))) {
                throw ApiException.invalid("at", "must be within the last day");
            }
            return when;
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("at", "must be an ISO-8601 time with an offset");
        }
    }
}
