package io.channelpulse.gateway.delivery;

import io.channelpulse.model.Alert;
import java.util.List;

/**
 * Sends alerts that match every given field to the named targets. A null field matches anything;
 * channelType is the channel's type as last seen in the KPIs (null when unknown).
 */
public record Route(String rule, String severity, String channelId, String channelType, List<String> targets) {

    public boolean matches(Alert alert, String alertChannelType) {
        return (rule == null || rule.equals(alert.rule().name()))
                && (severity == null || severity.equals(alert.severity().name()))
                && (channelId == null || channelId.equals(alert.channelId()))
                && (channelType == null || channelType.equals(alertChannelType));
    }
}
