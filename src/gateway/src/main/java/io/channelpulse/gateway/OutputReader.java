package io.channelpulse.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.channelpulse.config.PulseConfig;
import io.channelpulse.gateway.ConsumerLoop;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.model.Partner;
import io.channelpulse.serde.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the job's committed output ({@code read_committed}) from the beginning of the retained
 * topics, so a restarted gateway rebuilds its open-alert count and last-window gauges, and feeds it
 * to its listeners (metrics, the live panels). Partner master data ({@code partners}) is read to its
 * end first, and then followed, into the {@link ChannelDirectory} that decides which channels get
 * series and history of their own. Records it cannot parse are counted and skipped.
 */
public final class OutputReader extends ConsumerLoop<String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(OutputReader.class);
    /** The input stream name of partner master data (config key {@code topics.partners}). */
    static final String PARTNERS_STREAM = "partners";

    private final PulseConfig config;
    private final ChannelDirectory directory;
    private final List<OutputListener> listeners;
    private final AtomicLong unreadable = new AtomicLong();
    /** Partner records are reference data written by people and tools: ignore fields this reader does not know. */
    private final ObjectReader partnerReader = Json.mapper().readerFor(Partner.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public OutputReader(PulseConfig config, ChannelDirectory directory, List<OutputListener> listeners) {
        super(consumer(config), "gateway-output-reader");
        this.config = config;
        this.directory = directory;
        this.listeners = List.copyOf(listeners);
    }

    private static KafkaConsumer<String, String> consumer(PulseConfig config) {
        Properties p = config.kafka().clientProperties();
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("enable.auto.commit", "false");
        p.putIfAbsent("client.id", config.kafka().groupId() + "-gateway-metrics");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    public OutputReader start() {
        startLoop();
        return this;
    }

    public long unreadable() {
        return unreadable.get();
    }

    @Override
    protected void loop() {
        // Lenient: a newer job's extra fields must not make its output unreadable here.
        ObjectReader alerts = JobOutputJson.alerts();
        ObjectReader kpis = JobOutputJson.kpis();
        ObjectReader tiers = JobOutputJson.partnerTiers();
        ObjectReader economics = JobOutputJson.channelEconomics();
        String partnersTopic = config.topics().inputs().getOrDefault(PARTNERS_STREAM, PARTNERS_STREAM);
        List<TopicPartition> outputs = new ArrayList<>();
        while (outputs.isEmpty() && running()) {
            for (String topic : List.of(config.topics().kpis(), config.topics().alerts())) {
                outputs.addAll(partitionsOf(topic));
            }
        }
        // The channel plan's outputs: a job older than them has no such topics, and the rest still works.
        for (String topic : List.of(config.topics().partnerTiers(), config.topics().channelEconomics())) {
            List<TopicPartition> found = partitionsOf(topic);
            if (found.isEmpty()) {
                LOG.warn("No output topic '{}': the channel plan's metrics and panel stay empty", topic);
            }
            outputs.addAll(found);
        }
        List<TopicPartition> partners = partitionsOf(partnersTopic);
        if (partners.isEmpty()) {
            LOG.warn("No partner master data topic '{}': every channel counts as unknown (channel=\"other\")", partnersTopic);
        }
        // Master data first: otherwise the KPIs read from the beginning would find every channel unknown.
        loadToEnd(partners);
        List<TopicPartition> all = new ArrayList<>(partners);
        all.addAll(outputs);
        Map<TopicPartition, Long> positions = new HashMap<>();
        partners.forEach(tp -> positions.put(tp, consumer.position(tp)));
        consumer.assign(all);
        positions.forEach(consumer::seek);
        consumer.seekToBeginning(outputs);
        while (running()) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                try {
                    if (r.topic().equals(partnersTopic)) {
                        applyPartner(r);
                    } else if (r.topic().equals(config.topics().kpis())) {
                        ChannelKpi kpi = kpis.readValue(r.value());
                        listeners.forEach(l -> l.onKpi(kpi));
                    } else if (r.topic().equals(config.topics().partnerTiers())) {
                        PartnerTierRecord tier = tiers.readValue(r.value());
                        if (tier.kind() == null || tier.partnerId() == null || tier.channelId() == null || tier.period() == null) {
                            throw new java.io.IOException("partner-tiers record without kind, partnerId, channelId or period");
                        }
                        listeners.forEach(l -> l.onPartnerTier(tier));
                    } else if (r.topic().equals(config.topics().channelEconomics())) {
                        ChannelEconomics month = economics.readValue(r.value());
                        if (month.channelId() == null || month.period() == null || month.eventTime() == null) {
                            throw new java.io.IOException("channel-economics record without channelId, period or eventTime");
                        }
                        listeners.forEach(l -> l.onChannelEconomics(month));
                    } else {
                        Alert alert = alerts.readValue(r.value());
                        listeners.forEach(l -> l.onAlert(alert));
                    }
                } catch (Exception e) {
                    skip(r, e);
                }
            }
        }
    }

    private List<TopicPartition> partitionsOf(String topic) {
        List<TopicPartition> out = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos != null) {
            infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
        }
        return out;
    }

    /** Reads {@code partitions} from the beginning up to their last committed offset. */
    private void loadToEnd(List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // the last stable offset under read_committed
        while (running() && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                try {
                    applyPartner(r);
                } catch (Exception e) {
                    skip(r, e);
                }
            }
        }
        LOG.info("Partner master data loaded: {} channels, {} partners", directory.channelCount(), directory.partnerCount());
    }

    private void applyPartner(ConsumerRecord<String, String> r) throws java.io.IOException {
        if (r.value() == null) {
            throw new java.io.IOException("empty partner record");
        }
        Partner partner = partnerReader.readValue(r.value());
        directory.apply(partner);
    }

    private void skip(ConsumerRecord<String, String> r, Exception e) {
        unreadable.incrementAndGet();
        LOG.warn("Skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
    }
}
