package io.channelpulse.config;

import java.util.Set;

/** A panel user: a channel manager who sees the listed channels, or an admin who sees all. */
public record Manager(String username, String passwordHash, Set<String> channels, boolean admin, String displayName) {

    public boolean canSee(String channelId) {
        return admin || channels.contains(channelId);
    }
}
