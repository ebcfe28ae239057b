package io.dnwerks.campaign.rest;

import io.dnwerks.campaign.domain.CampaignStatus;
import io.dnwerks.campaign.service.CampaignData;
import io.dnwerks.campaign.service.CampaignLifecycle;
import io.dnwerks.campaign.service.CampaignStats;
import io.dnwerks.campaign.service.CampaignService;
import io.dnwerks.campaign.service.CampaignView;
import io.dnwerks.common.persistence.LowerCaseEnums;
import io.dnwerks.common.idempotency.IdempotencyKeys;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.PathIds;
import io.dnwerks.common.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "campaigns")
@SecurityRequirement(name = "jwt")
public class CampaignResource {

    private final CampaignService campaigns;
    private final CampaignLifecycle lifecycle;

    public CampaignResource(CampaignService campaigns, CampaignLifecycle lifecycle) {
        this.campaigns = campaigns;
        this.lifecycle = lifecycle;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Create a campaign", description = "A new campaign is a draft. "
            + "With an Idempotency-Key, a retry returns the first answer (header Idempotent-Replayed: true).")
    public Uni<Response> create(@Valid @NotNull CampaignData body, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                UriInfo uri) {
        return campaigns.create(body, idempotencyKey)
                .map(r -> IdempotencyKeys.created(uri.getAbsolutePathBuilder().path(r.value().id().toString()).build(), r));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "List campaigns", description = "Newest first, cursor-paginated, optionally by status.")
    public Uni<CursorPage<CampaignView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                              @QueryParam("status") String status) {
        return campaigns.list(CursorPage.parseLimit(limit), cursor, LowerCaseEnums.parse(CampaignStatus.class, "status", status));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    public Uni<CampaignView> get(@PathParam("id") String id) {
        return campaigns.get(PathIds.uuid("id", id));
    }

    @GET
    @Path("/{id}/stats")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "A campaign's progress", description = "Message counts by status, as delivery-service last reported them.")
    public Uni<CampaignStats> stats(@PathParam("id") String id) {
        return campaigns.stats(PathIds.uuid("id", id));
    }

    @POST
    @Path("/{id}/launch")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Launch a draft", description = "Sends now, or schedules it when scheduledAt is ahead. 400 without an "
            + "audience or with an unknown {{variable}}; 409 unless the campaign is a draft.")
    public Uni<CampaignView> launch(@PathParam("id") String id) {
        return lifecycle.launch(PathIds.uuid("id", id));
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Pause a sending campaign", description = "Messages not yet handed to the gateway wait.")
    public Uni<CampaignView> pause(@PathParam("id") String id) {
        return lifecycle.pause(PathIds.uuid("id", id));
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    public Uni<CampaignView> resume(@PathParam("id") String id) {
        return lifecycle.resume(PathIds.uuid("id", id));
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Cancel a campaign", description = "Messages not yet handed to the gateway are never sent.")
    public Uni<CampaignView> cancel(@PathParam("id") String id) {
        return lifecycle.cancel(PathIds.uuid("id", id));
    }
}
