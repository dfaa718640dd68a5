package io.channelpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.channelpulse.model.Alert;
import io.channelpulse.model.ChannelKpi;
import io.channelpulse.model.ChannelType;
import io.channelpulse.serde.Json;
import org.junit.jupiter.api.Test;

/** The gateway reads a newer job's output; the job's own strict mapper is left as it was. */
class JobOutputJsonTest {

    static final String ALERT = """
            {"alertId":"a-1","rule":"PRICE_BELOW_GUIDE","status":"FIRING","severity":"WARNING","channelId":"CH-1",\
            "channelType":"DEALER","addedByANewerJob":{"x":1}}""";
    static final String KPI = """
            {"channelId":"CH-1","channelType":"KIOSK","transactions":3,"addedByANewerJob":true}""";

    @Test
    void alertWithAnUnknownFieldIsRead() throws Exception {
        Alert alert = JobOutputJson.alerts().readValue(ALERT);
        assertThat(alert.alertId()).isEqualTo("a-1");
        assertThat(alert.channelType()).isEqualTo(ChannelType.DEALER);
    }

    @Test
    void kpiWithAnUnknownFieldAndAnUnknownChannelTypeIsReadWithoutTheType() throws Exception {
        ChannelKpi kpi = JobOutputJson.kpis().readValue(KPI);
        assertThat(kpi.transactions()).isEqualTo(3);
        assertThat(kpi.channelType()).isNull();
    }

    @Test
    void theSharedMapperStaysStrict() {
        assertThatThrownBy(() -> Json.mapper().readValue(ALERT, Alert.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }
}
