package io.channelpulse.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
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

    /** Binds {@code panel.limits}; every key optional, errors name the key. */
    @JsonCreator
    static PanelLimits bind(
            @JsonProperty("max-threads") Long maxThreads,
            @JsonProperty("max-connections") Long maxConnections,
            @JsonProperty("idle-timeout") Duration idleTimeout,
            @JsonProperty("max-request-bytes") Long maxRequestBytes,
            @JsonProperty("max-sessions") Long maxSessions,
            @JsonProperty("max-sse-clients") Long maxSseClients,
            @JsonProperty("max-concurrent-logins") Long maxConcurrentLogins,
            @JsonProperty("max-login-failures-per-client") Long maxLoginFailuresPerClient,
            @JsonProperty("max-tracked-clients") Long maxTrackedClients) {
        PanelLimits d = defaults();
        Duration idle = Require.orDefault(idleTimeout, d.idleTimeout());
        if (idle.isNegative() || idle.isZero()) {
            throw new ConfigException("idle-timeout", "must be positive, got " + idle);
        }
        return new PanelLimits(
                (int) Require.range("max-threads", maxThreads, d.maxThreads(), 8, 10_000),
                (int) Require.range("max-connections", maxConnections, d.maxConnections(), 1, 1_000_000),
                idle,
                (int) Require.range("max-request-bytes", maxRequestBytes, d.maxRequestBytes(), 1, 16 << 20),
                (int) Require.range("max-sessions", maxSessions, d.maxSessions(), 1, 10_000_000),
                (int) Require.range("max-sse-clients", maxSseClients, d.maxSseClients(), 1, 1_000_000),
                (int) Require.range("max-concurrent-logins", maxConcurrentLogins, d.maxConcurrentLogins(), 1, 1_000),
                (int) Require.range("max-login-failures-per-client", maxLoginFailuresPerClient,
                        d.maxLoginFailuresPerClient(), 1, 1_000_000),
                (int) Require.range("max-tracked-clients", maxTrackedClients, d.maxTrackedClients(), 1, 100_000_000));
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
