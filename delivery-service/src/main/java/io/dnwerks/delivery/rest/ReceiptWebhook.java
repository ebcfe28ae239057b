package io.dnwerks.delivery.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.Problem;
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

/**
 * Delivery receipts from gateways. Not under /api: a gateway has no JWT. Each provider's receipts are
 * authenticated by that provider's signature instead (HMAC-SHA256 of the body for the simulator).
 */
@Path("/webhooks/receipts")
@Tag(name = "webhooks")
public class ReceiptWebhook {

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
    @Operation(summary = "Receipt from the simulator", description = "204 applied or already final; 404 for an external id "
            + "not known yet (the gateway retries); 401 for a bad signature.")
    public Uni<Response> simulator(@HeaderParam("X-Simulator-Signature") String signature, byte[] body) {
        receipts.verifySimulatorSignature(body, signature);
        JsonNode receipt;
        try {
            receipt = json.readTree(body);
        } catch (IOException e) {
            throw ApiException.invalid("body", "is not JSON");
        }
        String externalId = receipt == null ? null : receipt.path("externalId").asText(null);
        String status = receipt == null ? null : receipt.path("status").asText(null);
        if (externalId == null || status == null) {
            throw ApiException.invalid(externalId == null ? "externalId" : "status", "is required");
        }
        return receipts.apply(externalId, status, receipt.path("at").asText(null), receipt.path("errorMessage").asText(null))
                .map(applied -> switch (applied) {
                    case APPLIED, ALREADY_FINAL -> Response.noContent().build();
                    case UNKNOWN -> Problem.of(Response.Status.NOT_FOUND, "unknown-message", "no message has this external id yet").toResponse();
                });
    }
}
