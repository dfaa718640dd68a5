package io.channelpulse.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.DeadLetter;
import io.channelpulse.model.PosSale;
import org.junit.jupiter.api.Test;

/** How the shared mapper treats the edges of a JSON line. */
class JsonStrictnessTest {

    private static final String SALE =
            "{\"eventId\":\"s-1\",\"eventTime\":\"2026-11-29T08:00:00Z\",\"channelId\":\"C\",\"partnerId\":\"P\","
                    + "\"outletId\":\"O\",\"regionId\":\"R\",\"sku\":\"S\",\"quantity\":1,\"unitPrice\":100.00}";

    @Test
    void twoRecordsRunTogetherOnOneLineAreDeadLetteredNotMerged() {
        Parsed<PosSale> parsed = EventStream.POS_SALES.parse(SALE + SALE, RecordOrigin.file("pos-sales", "f", 1));
        assertThat(parsed.isOk()).isFalse();
        assertThat(parsed.deadLetter().reason()).isEqualTo(DeadLetter.INVALID_JSON);
    }

    @Test
    void trailingGarbageAfterTheObjectIsInvalidJson() {
        Parsed<PosSale> parsed = EventStream.POS_SALES.parse(SALE + " trailing", RecordOrigin.file("pos-sales", "f", 1));
        assertThat(parsed.deadLetter().reason()).isEqualTo(DeadLetter.INVALID_JSON);
    }

    @Test
    void moneyKeepsTheScaleTheSenderWrote() throws Exception {
        PosSale sale = EventStream.POS_SALES.parse(SALE, RecordOrigin.file("pos-sales", "f", 1)).event();
        assertThat(sale.unitPrice().toString()).isEqualTo("100.00");
        assertThat(Json.mapper().writeValueAsString(sale)).contains("\"unitPrice\":100.00");
    }
}
