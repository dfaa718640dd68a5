package io.channelpulse.model;

import java.time.Instant;
import java.util.List;

/**
 * An alert on the {@code alerts} topic. The alertId is derived from the rule and the incident's
 * keys only, so the same incident gets the same id in every run; FIRING and RESOLVED share it.
 * {@code emittedAt} is stamped once, just before the sinks. {@code channelType} is the type of the
 * alert's channel from partner reference data, filled by the job just before the stamp; null when no
 * partner record names the channel.
 */
public record Alert(
        String alertId,
        Rule rule,
        AlertStatus status,
        Severity severity,
        Instant eventTime,
        Instant emittedAt,
        String channelId,
        ChannelType channelType,
        String partnerId,
        String regionId,
        String outletId,
        String sku,
        String orderId,
        String batchCode,
        String summary,
        AlertDetails details,
        List<String> evidence) {

    /** This alert with its emission time set. */
    public Alert withEmittedAt(Instant at) {
        return new Alert(
                alertId, rule, status, severity, eventTime, at, channelId, channelType, partnerId, regionId,
                outletId, sku, orderId, batchCode, summary, details, evidence);
    }

    /** This alert with its channel's type set (null when no partner record names the channel). */
    public Alert withChannelType(ChannelType type) {
        return new Alert(
                alertId, rule, status, severity, eventTime, emittedAt, channelId, type, partnerId, regionId,
                outletId, sku, orderId, batchCode, summary, details, evidence);
    }
}
