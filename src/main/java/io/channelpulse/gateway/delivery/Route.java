package io.channelpulse.gateway.delivery;

import io.channelpulse.model.Alert;
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
}
