package io.channelpulse.job;

import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.PartnerTierRecord;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What the job produces; the caller attaches sinks (Kafka topics, replay files, test collectors).
 * Partner tiers and channel economics are written at each close of a business month.
 */
public record JobOutputs(
        DataStream<Alert> alerts,
        DataStream<ChannelKpi> kpis,
        DataStream<DeadLetter> deadLetters,
        DataStream<PartnerTierRecord> partnerTiers,
        DataStream<ChannelEconomics> channelEconomics) {}
