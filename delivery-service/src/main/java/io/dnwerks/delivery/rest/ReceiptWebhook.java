package io.dnwerks.delivery.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnwerks.common.error.ApiException;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivery receipts from gateways. Not under /api: a gateway has no JWT. Each provider's receipts are
 * authenticated by that provider's signature instead (HMAC-SHA256 of the body for the simulator).
 */
@Path("/webhooks/receipts")
@Tag(name = "webhooks")
public class ReceiptWebhook {

    private static final int MAX_BATCH = 1000;

    private final ReceiptService receipts;
    private final ObjectMapper json;

    public ReceiptWebhook(ReceiptService receipts, ObjectMapper json) {
        this.receipts = receipts;
        this.json = json;
    }

    @POST
    @Path("/simulator")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receipts from the simulator", description = "One receipt {externalId, status, at, errorMessage}: "
            + "204 applied or already final; 202 for an external id not known yet: the receipt is kept and applied once "
            + "the send it overtook is recorded. Or {\"receipts\": [...]}: 200 {\"results\": [{externalId, outcome}]} in order, "
            + "outcome applied, already-final or parked. 401 for a bad signature, 400 naming the field of a bad receipt.")
    public Uni<Response> simulator(@HeaderParam("X-Simulator-Signature") String signature, byte[] body) {
        receipts.verifySimulatorSignature(body, signature);
        JsonNode receipt;
        try {
            receipt = json.readTree(body);
        } catch (IOException e) {
            throw ApiException.invalid("body", "is not JSON");
        }
        if (receipt == null || !receipt.isObject()) {
            throw ApiException.invalid("body", "must be a JSON object");
        }
        if (receipt.has("receipts")) {
            return batch(receipt.get("receipts"));
        }
        return receipts.apply(text(receipt, "externalId"), text(receipt, "status"), text(receipt, "at"), text(receipt, "errorMessage"))
                .map(applied -> switch (applied) {
                    case APPLIED, ALREADY_FINAL -> Response.noContent().build();
                    case PARKED -> Response.accepted().build();
                });
    }

    private Uni<Response> batch(JsonNode list) {
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_BATCH) {
            throw ApiException.invalid("receipts", "must be an array of 1 to " + MAX_BATCH + " receipts");
        }
        List<ReceiptService.RawReceipt> raw = new ArrayList<>(list.size());
        list.forEach(r -> raw.add(new ReceiptService.RawReceipt(text(r, "externalId"), text(r, "status"), text(r, "at"),
                text(r, "errorMessage"))));
        return receipts.applyAll(raw).map(answers -> {
            ArrayNode results = json.createArrayNode();
            for (int i = 0; i < answers.size(); i++) {
                results.addObject().put("externalId", raw.get(i).externalId()).put("outcome", switch (answers.get(i)) {
                    case APPLIED -> "applied";
                    case ALREADY_FINAL -> "already-final";
                    case PARKED -> "parked";
                });
            }
            ObjectNode out = json.createObjectNode();
            out.set("results", results);
            return Response.ok(out, MediaType.APPLICATION_JSON).build();
        });
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
