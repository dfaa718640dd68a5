package io.channelpulse.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.util.Arrays;
import java.util.List;

/**
 * Sends alerts that match every given field to the named targets. A null field matches anything;
 * channelType is matched against the alert's own channelType, which the job fills from partner
 * reference data: an alert whose channel no partner names has none and matches no channel-type route.
 */
public record Route(String rule, String severity, String channelId, String channelType, List<String> targets) {

    public boolean matches(Alert alert) {
        return (rule == null || (alert.rule() != null && rule.equals(alert.rule().name())))
                && (severity == null || (alert.severity() != null && severity.equals(alert.severity().name())))
                && (channelId == null || channelId.equals(alert.channelId()))
                && (channelType == null || (alert.channelType() != null && channelType.equals(alert.channelType().name())));
    }

    /** {@code match:} as the file writes it; every field optional. */
    record Match(String rule, String severity, String channel, String channelType) {}

    /** Binds {@code delivery.routes[i]}; target names are checked against the targets by {@link DeliverySettings}. */
    @JsonCreator
    static Route bind(@JsonProperty("match") Match match, @JsonProperty("targets") List<String> targets) {
        Match m = match == null ? new Match(null, null, null, null) : match;
        if (m.rule() != null && Arrays.stream(Rule.values()).noneMatch(r -> r.name().equals(m.rule()))) {
            throw new ConfigException("match.rule", "must be one of " + Arrays.toString(Rule.values()) + ", got '" + m.rule() + "'");
        }
        if (m.severity() != null && Arrays.stream(Severity.values()).noneMatch(s -> s.name().equals(m.severity()))) {
            throw new ConfigException("match.severity", "must be one of " + Arrays.toString(Severity.values()) + ", got '" + m.severity() + "'");
        }
        // A typo here would silently route nothing: alerts carry one of these or none.
        if (m.channelType() != null && Arrays.stream(ChannelType.values()).noneMatch(t -> t.name().equals(m.channelType()))) {
            throw new ConfigException("match.channel-type", "must be one of " + Arrays.toString(ChannelType.values()) + ", got '" + m.channelType() + "'");
        }
        if (targets == null || targets.isEmpty()) {
            throw new ConfigException("targets", "must list at least one target");
        }
        if (targets.contains(null)) {
            throw new ConfigException("targets[" + targets.indexOf(null) + "]", "must name a target");
        }
        return new Route(m.rule(), m.severity(), m.channel(), m.channelType(), List.copyOf(targets));
    }
}
