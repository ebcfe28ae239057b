package io.dnwerks.customer.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.PathIds;
import io.dnwerks.common.security.Roles;
import io.dnwerks.customer.service.SegmentData;
import io.dnwerks.customer.service.SegmentPreview;
import io.dnwerks.customer.service.SegmentService;
import io.dnwerks.customer.service.SegmentView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

@Path("/api/v1/segments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "segments")
@SecurityRequirement(name = "jwt")
public class SegmentResource {

    private final SegmentService segments;

    public SegmentResource(SegmentService segments) {
        this.segments = segments;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Create a segment", description = "Its members are written at once from its conditions; 400 naming the "
            + "condition's JSON path (conditions.all[1].op) when one is not valid.")
    public Uni<Response> create(@Valid @NotNull SegmentData body, UriInfo uri) {
        return segments.create(body).map(v -> Response.created(uri.getAbsolutePathBuilder().path(v.id().toString()).build()).entity(v).build());
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "List segments", description = "By name, cursor-paginated.")
    public Uni<CursorPage<SegmentView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return segments.list(CursorPage.parseLimit(limit), cursor);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "One segment", description = "customerCount is its members at its last refresh.")
    public Uni<SegmentView> get(@PathParam("id") String id) {
        return segments.get(PathIds.uuid("id", id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Change a segment", description = "What is absent stays; new conditions rewrite its members at once.")
    public Uni<SegmentView> update(@PathParam("id") String id, @Valid @NotNull SegmentData body) {
        return segments.update(PathIds.uuid("id", id), body);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Delete a segment", description = "With its memberships; campaigns already launched keep their recipients.")
    public Uni<Response> delete(@PathParam("id") String id) {
        return segments.delete(PathIds.uuid("id", id)).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/refresh")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Recompute a segment's members", description = "From its conditions, now: who matches joins, who does not leaves.")
    public Uni<SegmentView> refresh(@PathParam("id") String id) {
        return segments.refresh(PathIds.uuid("id", id));
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Count what conditions hold", description = "Body: {\"conditions\": {...}}. The live customers they match now and "
            + "the first " + SegmentService.SAMPLE + " by id; nothing is stored. A write's role (it is how segments are written), "
            + "though it changes nothing.")
    public Uni<SegmentPreview> preview(@NotNull JsonNode body) {
        return segments.preview(body.get("conditions"));
    }
}
