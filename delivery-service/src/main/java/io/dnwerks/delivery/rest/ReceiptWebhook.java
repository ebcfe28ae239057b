package io.dnwerks.delivery.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.Problem;
import io.dnwerks.delivery.provider.SimulatorSignature;
import io.dnwerks.delivery.service.ReceiptService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;

import static io.dnwerks.delivery.provider.SimulatorSignature.text;

/**
 * Delivery receipts from gateways. Not under /api: a gateway has no JWT. Each provider's receipts are
 * authenticated by that provider's signature instead (HMAC-SHA256 of the body for the simulator).
 */
@Path("/webhooks/receipts")
@Tag(name = "webhooks")
public class ReceiptWebhook {

    private static final Logger LOG = Logger.getLogger(ReceiptWebhook.class);
    private static final int MAX_BATCH = 1000;
    private static final String PROVIDER = "simulator";

    private final ReceiptService receipts;
    private final SimulatorSignature signature;
    private final ObjectMapper json;

    public ReceiptWebhook(ReceiptService receipts, SimulatorSignature signature, ObjectMapper json) {
        this.receipts = receipts;
        this.signature = signature;
        this.json = json;
    }

    @POST
    @Path("/simulator")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receipts from the simulator", description = "One receipt {externalId, status, at, errorMessage}: "
            + "202 once it is journaled (it is applied from there within moments, also after a database outage; a "
            + "receipt that overtook the record of its send is kept until the send is recorded). Or {\"receipts\": [...]}: "
            + "200 {\"results\": [{externalId, outcome: accepted}]} in order. 401 for a bad signature, 400 naming the "
            + "field of a bad receipt (nothing of the request is taken), 503 while the journal (Kafka) is unreachable. "
            + "Signed: X-Simulator-Signature is the hex HMAC-SHA256 of <X-Simulator-Timestamp>.<body>, the timestamp in "
            + "seconds since the epoch and within 5 minutes of now.")
    public Uni<Response> simulator(@HeaderParam("X-Simulator-Timestamp") String timestamp,
                                   @HeaderParam("X-Simulator-Signature") String signature, byte[] body) {
        JsonNode receipt = this.signature.verifiedObject(body, timestamp, signature, json);
        if (receipt.has("receipts")) {
            return batch(receipt.get("receipts"));
        }
        return receipts.accept(PROVIDER, raw(receipt)).map(ignored -> Response.accepted().build())
                .onFailure(f -> !(f instanceof ApiException)).transform(ReceiptWebhook::journalUnavailable);
    }

    private Uni<Response> batch(JsonNode list) {
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_BATCH) {
            throw ApiException.invalid("receipts", "must be an array of 1 to " + MAX_BATCH + " receipts");
        }
        List<ReceiptService.RawReceipt> raw = new ArrayList<>(list.size());
        list.forEach(r -> raw.add(raw(r)));
        return receipts.acceptAll(PROVIDER, raw).map(ignored -> {
            ArrayNode results = json.createArrayNode();
            raw.forEach(r -> results.addObject().put("externalId", r.externalId()).put("outcome", "accepted"));
            ObjectNode out = json.createObjectNode();
            out.set("results", results);
            return Response.ok(out, MediaType.APPLICATION_JSON).build();
        }).onFailure(f -> !(f instanceof ApiException)).transform(ReceiptWebhook::journalUnavailable);
    }

    private static ReceiptService.RawReceipt raw(JsonNode r) {
        return new ReceiptService.RawReceipt(text(r, "externalId"), text(r, "status"), text(r, "at"), text(r, "errorMessage"));
    }

    /** Kafka did not take the receipts: the gateway keeps them and sends them again, as it does for any 5xx. */
    private static Throwable journalUnavailable(Throwable f) {
        LOG.warnf("receipts refused with 503, the journal did not take them: %s", f.getMessage());
        return new ApiException(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "receipts-unavailable",
                "receipts cannot be taken right now; send them again later"));
    }
}
