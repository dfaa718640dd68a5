package io.channelpulse.gateway.panel;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * The address a request comes from, for the login limiter. {@code X-Forwarded-For} counts only
 * when the direct peer is a configured trusted proxy, and then the right-most address that is not
 * itself a trusted proxy is the client: anything further left was written by the client.
 */
record ClientAddress(Set<String> trustedProxies) {

    static ClientAddress of(List<String> trustedProxies) {
        return new ClientAddress(Set.copyOf(trustedProxies));
    }

    String of(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || !trustedProxies.contains(peer)) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }
}
