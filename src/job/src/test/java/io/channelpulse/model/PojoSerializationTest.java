package io.channelpulse.model;

import static org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.channelpulse.detect.diversion.BatchSighting;
import io.channelpulse.detect.price.CheckedPrice;
import io.channelpulse.detect.price.PriceObservation;
import io.channelpulse.detect.sla.OrderResponse;
import io.channelpulse.detect.sla.SlaBreach;
import io.channelpulse.kpi.KpiAccumulator;
import io.channelpulse.kpi.KpiContribution;
import io.channelpulse.serde.RecordOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every type that flows between operators must be serialized by Flink's POJO serializer, never by
 * Kryo: the job runs with generic types disabled, and Kryo state does not survive schema changes.
 */
class PojoSerializationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {
        PosSale.class,
        PriceCheck.class,
        InventoryMovement.class,
        OrderEvent.class,
        ChannelCost.class,
        GuidePrice.class,
        Partner.class,
        Alert.class,
        AlertDetails.class,
        ChannelKpi.class,
        DeadLetter.class,
        PartnerTierRecord.class,
        ChannelEconomics.class,
        MonthlyProfit.class,
    })
    void modelRecordsAreSerializedAsPojosWithoutKryo(Class<?> type) {
        assertSerializedAsPojoWithoutKryo(type);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {
        PriceObservation.class,
        CheckedPrice.class,
        BatchSighting.class,
        SlaBreach.class,
        OrderResponse.class,
        KpiContribution.class,
        KpiAccumulator.class,
        RecordOrigin.class,
        io.channelpulse.economics.LedgerEntry.class,
        io.channelpulse.economics.Totals.class,
        io.channelpulse.economics.ChannelMonth.class,
        io.channelpulse.economics.PartnerMonth.class,
        io.channelpulse.economics.OutletMonth.class,
        io.channelpulse.economics.OutletProfit.class,
        io.channelpulse.economics.StoreEvent.class,
        io.channelpulse.economics.PartnerBook.class,
        io.channelpulse.economics.PartnerBook.Month.class,
        io.channelpulse.economics.TierHysteresis.class,
    })
    void internalRecordsAreSerializedAsPojosWithoutKryo(Class<?> type) {
        assertSerializedAsPojoWithoutKryo(type);
    }

    /** A field Flink cannot analyse falls back to Kryo; the check above must catch exactly that. */
    public record KryoFallback(String id, Object payload) {}

    @Test
    void checkRejectsARecordThatNeedsKryo() {
        assertThatThrownBy(() -> assertSerializedAsPojoWithoutKryo(KryoFallback.class))
                .isInstanceOf(AssertionError.class);
    }
}
