package io.dnwerks.customer.rest;

import io.dnwerks.common.idempotency.IdempotencyKeys;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.security.Roles;
import io.dnwerks.common.rest.PathIds;
import io.dnwerks.customer.service.BulkTagged;
import io.dnwerks.customer.service.BulkTagging;
import io.dnwerks.customer.service.TagChange;
import io.dnwerks.customer.service.TagData;
import io.dnwerks.customer.service.TagService;
import io.dnwerks.customer.service.TagView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/tags")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tags")
@SecurityRequirement(name = "jwt")
public class TagResource {

    private final TagService tags;

    public TagResource(TagService tags) {
        this.tags = tags;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Create a tag", description = "Names are unique: 409 when taken.")
    public Uni<Response> create(@Valid @NotNull TagData body, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                UriInfo uri) {
        return tags.create(body, idempotencyKey)
                .map(r -> IdempotencyKeys.created(uri.getAbsolutePathBuilder().path(r.value().id().toString()).build(), r));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "List tags", description = "By name, cursor-paginated.")
    public Uni<CursorPage<TagView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return tags.list(CursorPage.parseLimit(limit), cursor);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "One tag")
    public Uni<TagView> get(@PathParam("id") String id) {
        return tags.get(PathIds.uuid("id", id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Rename, recolour or describe a tag", description = "What is absent stays; an empty description removes it; "
            + "409 when the name is taken.")
    public Uni<TagView> update(@PathParam("id") String id, @Valid @NotNull TagChange body) {
        return tags.update(PathIds.uuid("id", id), body);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Delete a tag", description = "Taken off everyone who had it (one TagDeleted event); 409 tag-in-use when a "
            + "segment's conditions name it.")
    public Uni<Response> delete(@PathParam("id") String id) {
        return tags.delete(PathIds.uuid("id", id)).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/customers")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Tag customers in bulk", description = "Body: {\"customerIds\": [...]} (up to " + BulkTagging.MAX_IDS
            + ") or {\"segmentId\": \"...\"}. A chunk per statement, each committed with a CustomerTagged event per customer "
            + "newly tagged; those who had the tag are counted as alreadyTagged and not announced again, so repeating a request "
            + "that failed halfway tags the rest.")
    public Uni<BulkTagged> tagInBulk(@PathParam("id") String id, @Valid @NotNull BulkTagging body) {
        return tags.tagInBulk(PathIds.uuid("id", id), body);
    }
}
