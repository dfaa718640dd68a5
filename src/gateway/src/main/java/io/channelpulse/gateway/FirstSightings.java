package io.channelpulse.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers up to {@code capacity} keys it has seen, so a warning about each junk channelId is
 * logged once without an unbounded set. A key evicted by newer ones may be logged again.
 */
final class FirstSightings {

    private final Cache<String, Boolean> seen;

    FirstSightings(int capacity) {
        this.seen = Caffeine.newBuilder().maximumSize(capacity).build();
    }

    /** True the first time {@code key} is offered (while it is remembered). */
    boolean first(String key) {
        return seen.asMap().putIfAbsent(key, Boolean.TRUE) == null;
    }
}
