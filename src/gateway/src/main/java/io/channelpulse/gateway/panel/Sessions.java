package io.channelpulse.gateway.panel;

import io.channelpulse.config.PanelSettings;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Login sessions: random 256-bit tokens that expire {@code ttl} after login, at most
 * {@code maxSessions} of them (past that, Caffeine's size policy ends the sessions least likely to be used).
 */
public final class Sessions {

    private record Session(String username, Instant expiresAt) {}

    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Session> sessions;
    private final Duration ttl;
    private final Clock clock;

    public Sessions(Duration ttl, int maxSessions, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.sessions = Caffeine.newBuilder().maximumSize(maxSessions).expireAfterWrite(ttl).ticker(ticker(clock)).build();
    }

    /** The sessions a panel with these settings keeps. */
    public static Sessions of(PanelSettings settings, Clock clock) {
        return new Sessions(settings.sessionTtl(), settings.limits().maxSessions(), clock);
    }

    /** Caffeine's expiry follows the same clock as the rest of the panel, so tests can move it. */
    static Ticker ticker(Clock clock) {
        return () -> clock.millis() * 1_000_000L;
    }

    public Duration ttl() {
        return ttl;
    }

    Clock clock() {
        return clock;
    }

    public String create(String username) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(token, new Session(username, clock.instant().plus(ttl)));
        return token;
    }

    /** The user of a live session; expired sessions are removed. */
    public Optional<String> user(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session s = sessions.getIfPresent(token);
        if (s == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(s.expiresAt())) {
            sessions.invalidate(token);
            return Optional.empty();
        }
        return Optional.of(s.username());
    }

    public void end(String token) {
        if (token != null) {
            sessions.invalidate(token);
        }
    }

    long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }
}
