package io.dnwerks.audit.rest;

import io.dnwerks.audit.domain.AuditLog;
import io.dnwerks.audit.service.AuditLogService;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.PathIds;
import io.dnwerks.common.security.Roles;
import io.dnwerks.common.security.PersonalData;
import io.quarkus.security.identity.SecurityIdentity;
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
    private final SecurityIdentity identity;

    public AuditLogResource(AuditLogService auditLogs, SecurityIdentity identity) {
        this.auditLogs = auditLogs;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER, Roles.VIEWER})
    @Operation(summary = "Search the audit trail", description = "Newest first, cursor-paginated. from is inclusive, to exclusive "
            + "(ISO-8601). Viewers see the personal data in oldValues and newValues masked (phone, email) or left out "
            + "(dateOfBirth, notes).")
    public Uni<CursorPage<AuditLog>> search(@QueryParam("table") String table, @QueryParam("recordId") String recordId,
                                            @QueryParam("userId") String userId, @QueryParam("from") String from,
                                            @QueryParam("to") String to, @QueryParam("limit") String limit,
                                            @QueryParam("cursor") String cursor) {
        boolean whole = PersonalData.visibleTo(identity);
        return auditLogs.search(table, PathIds.uuid("recordId", recordId), PathIds.uuid("userId", userId),
                time("from", from), time("to", to), CursorPage.parseLimit(limit), cursor)
                .map(page -> whole ? page : new CursorPage<>(page.items().stream().map(AuditLogResource::masked).toList(),
                        page.nextCursor()));
    }

    private static AuditLog masked(AuditLog log) {
        return new AuditLog(log.id(), log.service(), log.tableName(), log.recordId(), log.action(),
                PersonalData.masked(log.oldValues()), PersonalData.masked(log.newValues()), log.changedFields(), log.userId(),
                log.timestamp(), log.ipAddress(), log.userAgent());
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
