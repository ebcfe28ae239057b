package io.dnwerks.delivery.provider;

import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.Problem;
import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.function.Supplier;

/**
 * GatewayEvents names the fields it refuses in our vocabulary (externalId, from, text); a gateway's
 * webhook answers in the gateway's own (MessageSid, From, Body), so that whoever reads the 400 in the
 * gateway's console finds the parameter it sent.
 */
public final class GatewayFieldNames {

    private final Map<String, String> ours;

    /** {@code ours}: our field name to the gateway's; a field not named keeps its name. */
    public GatewayFieldNames(Map<String, String> ours) {
        this.ours = Map.copyOf(ours);
    }

    /** Runs {@code call} (which may throw before it returns a Uni) and renames the fields of the ApiException it fails with. */
    public <T> Uni<T> around(Supplier<Uni<? extends T>> call) {
        return Uni.createFrom().<T>deferred(call).onFailure(ApiException.class)
                .transform(f -> renamed((ApiException) f));
    }

    ApiException renamed(ApiException e) {
        Problem p = e.problem();
        if (p.errors() == null || p.errors().isEmpty()) {
            return e;
        }
        return new ApiException(p.withErrors(p.errors().stream()
                .map(fe -> new Problem.FieldError(ours.getOrDefault(fe.field(), fe.field()), fe.reason()))
                .toList()));
    }
}
