package io.channelpulse.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelEconomics;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.PartnerTierRecord;
import io.channelpulse.serde.Json;

/**
 * How the gateway reads the job's output records. Unlike the job's strict input parsing, these
 * readers ignore fields they do not know and read enum values they do not know as null: a job
 * upgraded before the gateway, adding a field or a channel type, must not make every alert
 * unreadable. Whoever reads decides which fields it cannot do without.
 */
public final class JobOutputJson {

    private static final ObjectReader LENIENT = Json.mapper().reader()
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);

    private JobOutputJson() {}

    public static ObjectReader alerts() {
        return LENIENT.forType(Alert.class);
    }

    public static ObjectReader kpis() {
        return LENIENT.forType(ChannelKpi.class);
    }

    public static ObjectReader partnerTiers() {
        return LENIENT.forType(PartnerTierRecord.class);
    }

    public static ObjectReader channelEconomics() {
        return LENIENT.forType(ChannelEconomics.class);
    }
}
