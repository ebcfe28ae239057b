package io.dnwerks.audit.rest;

import io.dnwerks.audit.domain.AuditLog;
import io.dnwerks.audit.service.AuditLogService;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.PathIds;
import io.dnwerks.common.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

@Path("/api/v1/audit-logs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit logs")
@SecurityRequirement(name = "jwt")
public class AuditLogResource {

    private final AuditLogService auditLogs;

    public AuditLogResource(AuditLogService auditLogs) {
        this.auditLogs = auditLogs;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER})
    @Operation(summary = "Search the audit trail", description = "Newest first, cursor-paginated. from is inclusive, to exclusive (ISO-8601).")
    public Uni<CursorPage<AuditLog>> search(@QueryParam("table") String table, @QueryParam("recordId") String recordId,
                                            @QueryParam("userId") String userId, @QueryParam("from") String from,
                                            @QueryParam("to") String to, @QueryParam("limit") String limit,
                                            @QueryParam("cursor") String cursor) {
        return auditLogs.search(table, PathIds.uuid("recordId", recordId), PathIds.uuid("userId", userId),
                time("from", from), time("to", to), CursorPage.parseLimit(limit), cursor);
    }

    private static OffsetDateTime time(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "must be an ISO-8601 time with offset, such as 2026-11-24T10:00:00Z");
        }
    }
}
