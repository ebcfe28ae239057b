package io.dnwerks.campaign.rest;

import io.dnwerks.campaign.service.TemplateData;
import io.dnwerks.campaign.service.TemplateService;
import io.dnwerks.campaign.service.TemplateView;
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

@Path("/api/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "message templates")
@SecurityRequirement(name = "jwt")
public class TemplateResource {

    private final TemplateService templates;

    public TemplateResource(TemplateService templates) {
        this.templates = templates;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Create a message template", description = "content may use {{firstName}} and {{lastName}}.")
    public Uni<Response> create(@Valid @NotNull TemplateData body, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                UriInfo uri) {
        return templates.create(body, idempotencyKey)
                .map(r -> IdempotencyKeys.created(uri.getAbsolutePathBuilder().path(r.value().id().toString()).build(), r));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    public Uni<CursorPage<TemplateView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                              @QueryParam("category") String category) {
        return templates.list(CursorPage.parseLimit(limit), cursor, category);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    public Uni<TemplateView> get(@PathParam("id") String id) {
        return templates.get(PathIds.uuid("id", id));
    }
}
