package io.dnwerks.delivery.rest;

import io.dnwerks.common.persistence.LowerCaseEnums;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.PathIds;
import io.dnwerks.common.security.Roles;
import io.dnwerks.delivery.domain.MessageStatus;
import io.dnwerks.delivery.service.CampaignMessageService;
import io.dnwerks.delivery.service.MessageExport;
import io.dnwerks.delivery.service.MessageStats;
import io.dnwerks.delivery.service.MessageView;
import io.quarkus.security.identity.SecurityIdentity;
import io.dnwerks.common.security.PersonalData;
import io.smallrye.mutiny.Multi;
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
    private final MessageExport export;

    public CampaignMessageResource(CampaignMessageService messages, SecurityIdentity identity, MessageExport export) {
        this.export = export;
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

    @GET
    @Path("/stats")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "A campaign's messages counted", description = "{total, byStatus, waiting, rejected}: messages per status; "
            + "pending ones waiting for their recipient's sending window (quiet-hours) or the frequency cap; rejected ones by "
            + "reason (opted-out, do-not-contact, deleted, quiet-hours, frequency-cap, gateway). Counted when asked.")
    public Uni<MessageStats> stats(@PathParam("campaignId") String campaignId) {
        return messages.stats(PathIds.uuid("campaignId", campaignId));
    }

    @GET
    @Path("/export")
    @Produces("text/csv")
    @org.jboss.resteasy.reactive.ResponseHeader(name = "Content-Disposition", value = "attachment; filename=\"messages.csv\"")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "Export a campaign's messages as CSV", description = "Streamed a page at a time, in customer order, optionally "
            + "by status: messageId, customerId, phone, status, error, externalId, retryCount, outcomeUnknown, createdAt, sentAt, "
            + "deliveredAt, consentGivenAt, consentSource. Viewers see masked phone numbers; 404 for a campaign delivery never had.")
    public Multi<String> export(@PathParam("campaignId") String campaignId, @QueryParam("status") String status) {
        return export.csv(PathIds.uuid("campaignId", campaignId), LowerCaseEnums.parse(MessageStatus.class, "status", status),
                !PersonalData.visibleTo(identity));
    }

    @GET
    @Path("/{messageId}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "One message of a campaign", description = "With the consent it was sent under (consent.givenAt, "
            + "consent.source) and, for one that was not sent, why (errorMessage: opted-out, do-not-contact, deleted, or the "
            + "gateway's answer). Viewers see a masked phone number.")
    public Uni<MessageView> get(@PathParam("campaignId") String campaignId, @PathParam("messageId") String messageId) {
        return messages.get(PathIds.uuid("campaignId", campaignId), PathIds.uuid("messageId", messageId), !PersonalData.visibleTo(identity));
    }
}
