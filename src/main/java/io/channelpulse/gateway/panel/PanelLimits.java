package io.channelpulse.gateway.panel;

import java.time.Duration;

/**
 * The stated bound of every resource the panel holds: Jetty's worker threads (their queue holds at
 * most one request per connection, so the connection limit bounds it), the connection count and
 * idle timeout (which cuts off slow-loris clients), request bodies, sessions,
 * SSE clients, concurrent password checks and the login limiter's memory.
 */
public record PanelLimits(
        int maxThreads, int maxConnections, Duration idleTimeout,
        int maxRequestBytes, int maxSessions, int maxSseClients, int maxConcurrentLogins,
        int maxLoginFailuresPerClient, int maxTrackedClients) {

    public PanelLimits {
        positive("max-threads", maxThreads);
        positive("max-connections", maxConnections);
        positive("max-request-bytes", maxRequestBytes);
        positive("max-sessions", maxSessions);
        positive("max-sse-clients", maxSseClients);
        positive("max-concurrent-logins", maxConcurrentLogins);
        positive("max-login-failures-per-client", maxLoginFailuresPerClient);
        positive("max-tracked-clients", maxTrackedClients);
        if (maxThreads < 8) {
            // Jetty reserves threads for its acceptor and selectors; below 8 it refuses to start on many cores.
            throw new IllegalArgumentException("panel.limits.max-threads must be at least 8, got " + maxThreads);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("panel.limits.idle-timeout must be positive, got " + idleTimeout);
        }
    }

    public static PanelLimits defaults() {
        return new PanelLimits(32, 1_000, Duration.ofSeconds(30), 8 * 1024, 10_000, 256, 1, 20, 100_000);
    }

    public PanelLimits withIdleTimeout(Duration d) {
        return new PanelLimits(maxThreads, maxConnections, d, maxRequestBytes, maxSessions,
                maxSseClients, maxConcurrentLogins, maxLoginFailuresPerClient, maxTrackedClients);
    }

    public PanelLimits withMaxThreads(int n) {
        return new PanelLimits(n, maxConnections, idleTimeout, maxRequestBytes, maxSessions,
                maxSseClients, maxConcurrentLogins, maxLoginFailuresPerClient, maxTrackedClients);
    }

    public PanelLimits withMaxSseClients(int n) {
        return new PanelLimits(maxThreads, maxConnections, idleTimeout, maxRequestBytes, maxSessions,
                n, maxConcurrentLogins, maxLoginFailuresPerClient, maxTrackedClients);
    }

    public PanelLimits withMaxLoginFailuresPerClient(int n) {
        return new PanelLimits(maxThreads, maxConnections, idleTimeout, maxRequestBytes, maxSessions,
                maxSseClients, maxConcurrentLogins, n, maxTrackedClients);
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("panel.limits." + key + " must be positive, got " + value);
        }
    }
}
