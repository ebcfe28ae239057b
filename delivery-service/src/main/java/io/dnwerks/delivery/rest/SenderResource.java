package io.dnwerks.delivery.rest;

import io.dnwerks.common.security.Roles;
import io.dnwerks.delivery.domain.Sender;
import io.dnwerks.delivery.service.Gateways;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The senders a campaign may name as its senderId. Configuration only: no credentials, ever. */
@Path("/api/v1/senders")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "senders")
@SecurityRequirement(name = "jwt")
public class SenderResource {

    /** One sender as the API shows it; {@code gatewayUp} is whether its gateway can send now. */
    public record SenderView(String id, String from, String kind, String gateway, String gatewayType, double segmentsPerSecond,
                             boolean isDefault, boolean gatewayUp) {
    }

    public record SenderList(List<SenderView> items) {
    }

    private final Gateways gateways;

    public SenderResource(Gateways gateways) {
        this.gateways = gateways;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "The senders", description = "{items: [{id, from, kind, gateway, gatewayType, segmentsPerSecond, "
            + "isDefault, gatewayUp}]}, by id: from is the number, short code or alphanumeric id texts come from (kind: number, "
            + "short-code, alphanumeric); segmentsPerSecond 0 means no limit of ours. A campaign without a senderId uses the default.")
    public SenderList list() {
        return new SenderList(gateways.senders().stream().map(this::view).toList());
    }

    private SenderView view(Sender s) {
        var g = gateways.gateway(s.gateway()).orElseThrow();
        return new SenderView(s.id(), s.from(), s.kind().code, g.name(), g.type(), s.segmentsPerSecond(), s.isDefault(), g.health().up());
    }
}
