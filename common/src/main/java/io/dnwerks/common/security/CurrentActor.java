package io.dnwerks.common.security;

import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Resolves the {@link Actor} of the work in progress: the caller of the current request, or the system. */
@ApplicationScoped
public class CurrentActor {

    public Actor get() {
        var requestContext = Arc.container().requestContext();
        if (!requestContext.isActive()) {
            return Actor.SYSTEM;
        }
        // schedulers and consumers run with a request context but no HTTP request and no caller;
        // asking for their identity would block the event loop on an authentication that never comes
        RoutingContext rc = Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
        if (rc == null) {
            return Actor.SYSTEM;
        }
        SecurityIdentity identity = Arc.container().instance(SecurityIdentity.class).get();
        if (identity == null || identity.isAnonymous()) {
            return Actor.SYSTEM;
        }
        String subject = identity.getPrincipal().getName();
        if (identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt && jwt.getSubject() != null) {
            subject = jwt.getSubject();
        }
        HttpServerRequest request = rc.request();
        // behind a proxy, quarkus.http.proxy.proxy-address-forwarding makes this the client's address
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new Actor(Actor.userIdOf(subject), subject, ip, request.getHeader("User-Agent"));
    }
}
