package io.channelpulse.detect.price;

import io.channelpulse.detect.AlertIds;
import io.channelpulse.model.Alert;
import io.channelpulse.model.AlertDetails;
import io.channelpulse.model.AlertStatus;
import io.channelpulse.model.Rule;
import io.channelpulse.model.Severity;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * PRICE_BELOW_GUIDE episodes per (channelId, outletId, sku). The first breaching observation opens
 * an episode and fires; further breaches are part of it; the first compliant observation resolves it
 * under the same alertId and clears the state. Unchecked observations (no guide, other currency)
 * neither open nor close an episode.
 *
 * <p>This is a two-state machine rather than a CEP pattern on purpose: FIRING must leave at the
 * first breach, while a CEP match only completes at the end of the sequence. The input arrives
 * already in event-time order per key from {@link GuidePriceLookup}.
 */
public final class BelowGuideEpisodes extends KeyedProcessFunction<String, CheckedPrice, Alert> {

    public static final String UID = "price-below-guide-episodes";
    public static final String NAME = "PRICE_BELOW_GUIDE episodes";

    /** Episodes are per channel, outlet and SKU. */
    public static final KeySelector<CheckedPrice, String> KEY = checked -> {
        PriceObservation o = checked.observation();
        return o.channelId() + '\u001f' + o.outletId() + '\u001f' + o.sku();
    };

    private transient ValueState<Alert> open;

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getState(
                new ValueStateDescriptor<>("open-episode", Types.POJO(Alert.class)));
    }

    @Override
    public void processElement(CheckedPrice checked, Context ctx, Collector<Alert> out)
            throws Exception {
        Alert firing = open.value();
        if (checked.isBelowGuide() && firing == null) {
            Alert alert = firing(checked);
            open.update(alert);
            out.collect(alert);
        } else if (checked.verdict() == PriceVerdict.COMPLIANT && firing != null) {
            out.collect(resolved(firing, checked));
            open.clear();
        }
    }

    static Alert firing(CheckedPrice checked) {
        PriceObservation o = checked.observation();
        String alertId = AlertIds.of(
                Rule.PRICE_BELOW_GUIDE, o.channelId(), o.outletId(), o.sku(),
                o.eventTime().toString(), o.eventId());
        String summary = String.format(
                "%s sold at %s %s at outlet %s (channel %s), %s%% below guide %s",
                o.sku(), o.price().toPlainString(), o.currency(), o.outletId(), o.channelId(),
                checked.discount().movePointRight(2).stripTrailingZeros().toPlainString(),
                checked.guidePrice().toPlainString());
        return new Alert(
                alertId,
                Rule.PRICE_BELOW_GUIDE,
                AlertStatus.FIRING,
                checked.critical() ? Severity.CRITICAL : Severity.WARNING,
                o.eventTime(),
                null,
                o.channelId(),
                o.partnerId(),
                o.regionId(),
                o.outletId(),
                o.sku(),
                null,
                o.batchCode(),
                summary,
                AlertDetails.price(
                        o.price(), checked.guidePrice(), checked.discount(), o.currency(), o.source()),
                List.of(o.eventId()));
    }

    static Alert resolved(Alert firing, CheckedPrice checked) {
        PriceObservation o = checked.observation();
        String summary = String.format(
                "%s back within guide at outlet %s (channel %s): %s %s vs guide %s",
                o.sku(), o.outletId(), o.channelId(), o.price().toPlainString(), o.currency(),
                checked.guidePrice().toPlainString());
        return new Alert(
                firing.alertId(),
                Rule.PRICE_BELOW_GUIDE,
                AlertStatus.RESOLVED,
                firing.severity(),
                o.eventTime(),
                null,
                firing.channelId(),
                firing.partnerId(),
                firing.regionId(),
                firing.outletId(),
                firing.sku(),
                null,
                firing.batchCode(),
                summary,
                AlertDetails.price(
                        o.price(), checked.guidePrice(), checked.discount(), o.currency(), o.source()),
                List.of(firing.evidence().get(0), o.eventId()));
    }
}
