package io.dnwerks.common.security;

/**
 * The three roles a token can carry in its {@code groups} claim. Endpoints name them with
 * {@code @RolesAllowed}; an endpoint that names none is denied
 * ({@code quarkus.security.jaxrs.deny-unannotated-endpoints}).
 */
public final class Roles {

    /** Everything, including deletes and the audit trail. */
    public static final String ADMIN = "admin";
    /** Runs campaigns: reads and writes customers, tags, templates and campaigns. */
    public static final String MARKETER = "marketer";
    /** Reads only. */
    public static final String VIEWER = "viewer";

    private Roles() {
    }
}
