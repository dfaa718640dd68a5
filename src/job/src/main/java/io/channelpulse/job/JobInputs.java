package io.channelpulse.job;

import io.channelpulse.model.ChannelCost;
import io.channelpulse.model.GuidePrice;
import io.channelpulse.model.InventoryMovement;
import io.channelpulse.model.OrderEvent;
import io.channelpulse.model.Partner;
import io.channelpulse.model.PosSale;
import io.channelpulse.model.PriceCheck;
import io.channelpulse.serde.Parsed;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The seven parsed input streams, with timestamps and watermarks already assigned by their sources.
 * Production wires Kafka, replay wires files, tests wire bounded collections.
 */
public record JobInputs(
        DataStream<Parsed<PosSale>> posSales,
        DataStream<Parsed<PriceCheck>> prices,
        DataStream<Parsed<InventoryMovement>> inventory,
        DataStream<Parsed<OrderEvent>> orders,
        DataStream<Parsed<ChannelCost>> channelCosts,
        DataStream<Parsed<GuidePrice>> guidePrices,
        DataStream<Parsed<Partner>> partners) {}
