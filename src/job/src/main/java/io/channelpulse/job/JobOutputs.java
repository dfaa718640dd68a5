package io.channelpulse.job;

import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.DeadLetter;
import org.apache.flink.streaming.api.datastream.DataStream;

/** What the job produces; the caller attaches sinks (Kafka topics, replay files, test collectors). */
public record JobOutputs(
        DataStream<Alert> alerts, DataStream<ChannelKpi> kpis, DataStream<DeadLetter> deadLetters) {}
