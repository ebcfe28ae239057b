package io.dnwerks.customer.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnwerks.common.idempotency.IdempotencyKeys;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.PathIds;
import io.dnwerks.common.security.Roles;
import io.dnwerks.customer.service.ConsentChange;
import io.dnwerks.customer.service.ConsentService;
import io.dnwerks.customer.service.ConsentView;
import io.dnwerks.customer.service.CustomerData;
import io.dnwerks.customer.service.CustomerExport;
import io.dnwerks.customer.service.Erasure;
import io.dnwerks.customer.service.CustomerFilter;
import io.dnwerks.customer.service.CustomerService;
import io.dnwerks.customer.service.CustomerView;
import io.dnwerks.customer.service.TagService;
import io.dnwerks.common.security.PersonalData;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "customers")
@SecurityRequirement(name = "jwt")
public class CustomerResource {

    private final CustomerService customers;
    private final TagService tags;
    private final ConsentService consent;
    private final SecurityIdentity identity;
    private final CustomerExport export;

    public CustomerResource(CustomerService customers, TagService tags, ConsentService consent, SecurityIdentity identity,
                            CustomerExport export) {
        this.export = export;
        this.customers = customers;
        this.tags = tags;
        this.consent = consent;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Create a customer", description = "409 when the phone or email is taken. "
            + "With an Idempotency-Key, a retry returns the first answer (header Idempotent-Replayed: true).")
    public Uni<Response> create(@Valid @NotNull CustomerData body, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                UriInfo uri) {
        return customers.create(body, idempotencyKey).map(r -> IdempotencyKeys.created(location(uri, r.value().id()), r));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "List customers", description = "Cursor-paginated, deleted customers left out, filtered by any of: q (a prefix "
            + "of the first or last name, e-mail or phone number), tagId (repeatable; tagMatch=any|all), smsConsent, doNotContact, source, "
            + "preferredLanguage, timezone, country (the phone number's, e.g. DE) (each exact, case ignored), createdFrom (inclusive) / createdTo (exclusive); sort=createdAt "
            + "(default), -createdAt or name (last name, first name); segmentId: its members. Viewers see phone numbers and e-mail addresses masked, no date of "
            + "birth and no notes; their q matches names only, and they may not filter by phone or email (403).")
    public Uni<CursorPage<CustomerView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                              @BeanParam CustomerQuery query) {
        boolean whole = PersonalData.visibleTo(identity);
        CustomerFilter filter = query.filter(whole);
        return customers.list(filter, whole, CursorPage.parseLimit(limit), cursor)
                .map(page -> whole ? page : new CursorPage<>(page.items().stream().map(CustomerView::masked).toList(), page.nextCursor()));
    }

    @POST
    @Path("/{id}/erase")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Erase a customer (right to erasure)", description = "Removes what identifies them: names, phone, e-mail, "
            + "date of birth, notes, source, tags, the consent ledger's proofs; keeps the row's id and dates, the consent ledger and "
            + "a keyed hash of the number (phoneHash), and deletes the customer. A CustomerErased event has delivery- and "
            + "audit-service do the same with theirs. Admins only; erasing again answers the first erasure.")
    public Uni<Erasure> erase(@PathParam("id") String id) {
        return customers.erase(PathIds.uuid("id", id));
    }

    @GET
    @Path("/export")
    @Produces("text/csv")
    @org.jboss.resteasy.reactive.ResponseHeader(name = "Content-Disposition", value = "attachment; filename=\"customers.csv\"")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "Export customers as CSV", description = "Streamed a page at a time (memory stays one page's whatever the "
            + "number): the list's filters and sort, or segmentId for a segment's members; header id, firstName, lastName, phone, country, "
            + "email, dateOfBirth, timezone, preferredLanguage, smsConsent, emailConsent, doNotContact, consentGivenAt, consentSource, "
            + "source, tags (names, ;-separated), createdAt, updatedAt. Viewers get phones and e-mails masked and no dates of birth. A "
            + "cell a spreadsheet would run as a formula is prefixed with an apostrophe.")
    public Multi<String> export(@BeanParam CustomerQuery query) {
        boolean whole = PersonalData.visibleTo(identity);
        CustomerFilter filter = query.filter(whole);
        return export.csv(filter, whole);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "One customer", description = "Viewers see phone numbers and e-mail addresses masked, no date of birth and no notes.")
    public Uni<CustomerView> get(@PathParam("id") String id) {
        boolean whole = PersonalData.visibleTo(identity);
        return customers.get(uuid(id)).map(c -> whole ? c : c.masked());
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Change a customer", description = "JSON merge patch: fields present replace, null clears.")
    public Uni<CustomerView> patch(@PathParam("id") String id, @NotNull ObjectNode body) {
        return customers.patch(uuid(id), body);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Delete a customer", description = "Soft delete: the customer is kept for history but never texted again.")
    public Uni<Response> delete(@PathParam("id") String id) {
        return customers.delete(uuid(id)).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/{id}/consent")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "A customer's consent and its history", description = "The SMS consent in force (since when, through what), "
            + "e-mail consent, do-not-contact, and every change that led there, oldest first, with its source, who made it, the "
            + "inbound SMS of a keyword and the proof given. Viewers see the history without the proof (it holds IP addresses).")
    public Uni<ConsentView> consent(@PathParam("id") String id) {
        boolean whole = PersonalData.visibleTo(identity);
        return consent.get(uuid(id)).map(v -> whole ? v : v.withoutProof());
    }

    @PUT
    @Path("/{id}/consent")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Record a consent change", description = "Sets the flags given (smsConsent, emailConsent, doNotContact) and "
            + "records a ledger line for each, with the required source (e.g. web-form, paper, phone-call) and optional proof "
            + "{formUrl, ip, textShown}. Answers the consent as it now stands. An opt-out reaches delivery-service within moments "
            + "and ends the customer's pending messages.")
    public Uni<ConsentView> recordConsent(@PathParam("id") String id, @Valid @NotNull ConsentChange body) {
        return consent.record(uuid(id), body);
    }

    @GET
    @Path("/{id}/tags")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "The ids of a customer's tags")
    public Uni<List<UUID>> tagsOf(@PathParam("id") String id) {
        return tags.tagsOf(uuid(id));
    }

    @PUT
    @Path("/{id}/tags/{tagId}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Tag a customer", description = "Idempotent: 201 when added, 204 when the customer had the tag.")
    public Uni<Response> tag(@PathParam("id") String id, @PathParam("tagId") String tagId) {
        return tags.tag(uuid(id), PathIds.uuid("tagId", tagId))
                .map(added -> Response.status(added ? Response.Status.CREATED : Response.Status.NO_CONTENT).build());
    }

    @DELETE
    @Path("/{id}/tags/{tagId}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    @Operation(summary = "Untag a customer", description = "Idempotent: 204 whether or not the customer had the tag.")
    public Uni<Response> untag(@PathParam("id") String id, @PathParam("tagId") String tagId) {
        return tags.untag(uuid(id), PathIds.uuid("tagId", tagId)).replaceWith(Response.noContent().build());
    }

    private static URI location(UriInfo uri, UUID id) {
        return uri.getAbsolutePathBuilder().path(id.toString()).build();
    }

    private static UUID uuid(String id) {
        return PathIds.uuid("id", id);
    }
}
