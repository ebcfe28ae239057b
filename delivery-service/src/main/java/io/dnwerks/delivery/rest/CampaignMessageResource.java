package io.dnwerks.delivery.rest;

import io.dnwerks.common.persistence.LowerCaseEnums;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.PathIds;
import io.dnwerks.common.security.Roles;
import io.dnwerks.delivery.domain.MessageStatus;
import io.dnwerks.delivery.service.CampaignMessageService;
import io.dnwerks.delivery.service.MessageView;
import io.quarkus.security.identity.SecurityIdentity;
import io.dnwerks.common.security.PersonalData;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


@Path("/api/v1/campaigns/{campaignId}/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "campaign messages")
@SecurityRequirement(name = "jwt")
public class CampaignMessageResource {

    private final CampaignMessageService messages;
    private final SecurityIdentity identity;

    public CampaignMessageResource(CampaignMessageService messages, SecurityIdentity identity) {
        this.messages = messages;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "List a campaign's messages", description = "Cursor-paginated, optionally by status. Viewers see masked phone numbers.")
    public Uni<CursorPage<MessageView>> list(@PathParam("campaignId") String campaignId, @QueryParam("status") String status,
                                             @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        boolean mask = !PersonalData.visibleTo(identity);
        return messages.list(PathIds.uuid("campaignId", campaignId), LowerCaseEnums.parse(MessageStatus.class, "status", status), CursorPage.parseLimit(limit), cursor, mask);
    }
}
