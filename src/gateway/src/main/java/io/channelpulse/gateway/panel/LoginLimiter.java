package io.channelpulse.gateway.panel;

import io.channelpulse.config.PanelSettings;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Throttles password guesses per (username, client) and per client, in two Caffeine maps bounded
 * by size and by the failure window. An attempt is reserved (counted as a failure) before the
 * password is checked, so parallel requests cannot all slip past the check; a success gives the
 * reservation back. Past the limit a key waits window/16, doubling with every further failure up
 * to the window, rather than being locked: nobody elsewhere can lock a user out.
 */
final class LoginLimiter {

    /** Failures of one key and when it may try again. */
    private record Strikes(int count, long blockedUntilMillis) {}

    /** A reserved attempt; exactly one of {@link #succeeded()} or {@link #refund()} may follow. */
    final class Reservation {
        private final String pair;
        private final String client;

        private Reservation(String pair, String client) {
            this.pair = pair;
            this.client = client;
        }

        /** The password was right: forget this pair's failures and give the client its attempt back. */
        void succeeded() {
            synchronized (LoginLimiter.this) {
                byPair.invalidate(pair);
                giveBack(byClient, client, maxPerClient);
            }
        }

        /** No password was checked (the server was busy): the attempt does not count. */
        void refund() {
            synchronized (LoginLimiter.this) {
                giveBack(byPair, pair, maxPerPair);
                giveBack(byClient, client, maxPerClient);
            }
        }
    }

    private final Cache<String, Strikes> byPair;
    private final Cache<String, Strikes> byClient;
    private final int maxPerPair;
    private final int maxPerClient;
    private final Duration window;
    private final Clock clock;

    LoginLimiter(int maxPerPair, int maxPerClient, Duration window, int maxTracked, Clock clock) {
        this.maxPerPair = maxPerPair;
        this.maxPerClient = maxPerClient;
        this.window = window;
        this.clock = clock;
        this.byPair = Caffeine.newBuilder().maximumSize(maxTracked).expireAfterWrite(window).ticker(Sessions.ticker(clock)).build();
        this.byClient = Caffeine.newBuilder().maximumSize(maxTracked).expireAfterWrite(window).ticker(Sessions.ticker(clock)).build();
    }

    static LoginLimiter of(PanelSettings s, Clock clock) {
        return new LoginLimiter(s.maxLoginFailures(), s.limits().maxLoginFailuresPerClient(), s.loginFailureWindow(),
                s.limits().maxTrackedClients(), clock);
    }

    /** Reserves an attempt for {@code username} from {@code client}, or empty when either must wait. */
    synchronized Optional<Reservation> reserve(String username, String client) {
        String pair = username + "\n" + client;
        long now = clock.millis();
        Strikes p = byPair.getIfPresent(pair);
        Strikes c = byClient.getIfPresent(client);
        if (blocked(p, now) || blocked(c, now)) {
            return Optional.empty();
        }
        byPair.put(pair, strike(p, maxPerPair, now));
        byClient.put(client, strike(c, maxPerClient, now));
        return Optional.of(new Reservation(pair, client));
    }

    private static boolean blocked(Strikes s, long now) {
        return s != null && now < s.blockedUntilMillis();
    }

    private Strikes strike(Strikes s, int limit, long now) {
        int count = s == null ? 1 : s.count() + 1;
        if (count < limit) {
            return new Strikes(count, 0);
        }
        // The first wait is window/16; each further failure doubles it, up to the window.
        long delay = Math.min(window.toMillis(), (window.toMillis() / 16) << Math.min(16, count - limit));
        return new Strikes(count, now + delay);
    }

    private static void giveBack(Cache<String, Strikes> map, String key, int limit) {
        Strikes s = map.getIfPresent(key);
        if (s != null) {
            int count = Math.max(0, s.count() - 1);
            map.put(key, new Strikes(count, count >= limit ? s.blockedUntilMillis() : 0));
        }
    }

    long trackedKeys() {
        byPair.cleanUp();
        byClient.cleanUp();
        return byPair.estimatedSize() + byClient.estimatedSize();
    }
}
