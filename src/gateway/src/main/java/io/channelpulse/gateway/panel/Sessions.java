package io.channelpulse.gateway.panel;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login sessions (random 256-bit tokens with an expiry) and the failed-login limiter: at most
 * {@code maxFailures} failures per username in {@code failureWindow}, after which logins for that
 * user are refused until the window has passed.
 */
public final class Sessions {

    private record Session(String username, Instant expiresAt) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxFailures;
    private final Duration failureWindow;
    private final Clock clock;

    public Sessions(Duration ttl, int maxFailures, Duration failureWindow, Clock clock) {
        this.ttl = ttl;
        this.maxFailures = maxFailures;
        this.failureWindow = failureWindow;
        this.clock = clock;
    }

    public Duration ttl() {
        return ttl;
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
        Session s = sessions.get(token);
        if (s == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(s.expiresAt())) {
            sessions.remove(token);
            return Optional.empty();
        }
        return Optional.of(s.username());
    }

    public void end(String token) {
        if (token != null) {
            sessions.remove(token);
        }
    }

    public boolean lockedOut(String username) {
        Deque<Instant> recent = failures.get(username);
        if (recent == null) {
            return false;
        }
        synchronized (recent) {
            Instant cutoff = clock.instant().minus(failureWindow);
            while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
                recent.pollFirst();
            }
            return recent.size() >= maxFailures;
        }
    }

    public void failed(String username) {
        Deque<Instant> recent = failures.computeIfAbsent(username, k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(clock.instant());
        }
    }

    public void succeeded(String username) {
        failures.remove(username);
    }
}
