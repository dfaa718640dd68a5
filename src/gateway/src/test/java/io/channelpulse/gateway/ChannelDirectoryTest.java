package io.channelpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.gateway.ChannelDirectory.Outcome;
import io.channelpulse.model.ChannelType;
import io.channelpulse.model.Partner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Partner master data as the gateway holds it: a later record of a partner replaces the earlier one, within bounds. */
class ChannelDirectoryTest {

    final ChannelDirectory directory = new ChannelDirectory(3, 4);
    final List<String> changes = new ArrayList<>();

    {
        directory.subscribe((id, from, to) -> changes.add(id + ":" + from + "->" + to));
    }

    Outcome apply(String partnerId, String channelId, ChannelType type) {
        return directory.apply(new Partner(partnerId, channelId, type, List.of("R"), null, null));
    }

    @Test
    void aChannelLeavesMasterDataWhenItsLastPartnerMovesAway() {
        apply("P-1", "CH-1", ChannelType.DEALER);
        apply("P-2", "CH-1", ChannelType.DEALER);
        apply("P-1", "CH-2", ChannelType.ONLINE);
        assertThat(directory.contains("CH-1")).isTrue();
        apply("P-2", "CH-2", ChannelType.ONLINE);
        assertThat(directory.contains("CH-1")).isFalse();
        assertThat(changes).containsExactly("CH-1:null->DEALER", "CH-2:null->ONLINE", "CH-1:DEALER->null");
    }

    @Test
    void theLatestPartnerRecordNamingAChannelGivesItsType() {
        apply("P-1", "CH-1", ChannelType.DEALER);
        apply("P-1", "CH-1", ChannelType.DEALER); // a repeat changes nothing
        apply("P-2", "CH-1", ChannelType.SUPERMARKET);
        assertThat(directory.typeOf("CH-1")).isEqualTo(ChannelType.SUPERMARKET);
        assertThat(changes).containsExactly("CH-1:null->DEALER", "CH-1:DEALER->SUPERMARKET");
    }

    @Test
    void channelsAndPartnersStopAtTheirCapsAndInvalidRecordsAreRejected() {
        for (int i = 0; i < 10; i++) {
            apply("P-" + i, "CH-" + i, ChannelType.DEALER);
        }
        assertThat(directory.channelCount()).isEqualTo(3);
        assertThat(directory.rejected(Outcome.OVER_MAX_CHANNELS)).isEqualTo(7);
        apply("P-X", "CH-0", ChannelType.DEALER);
        assertThat(apply("P-Y", "CH-0", ChannelType.DEALER)).isEqualTo(Outcome.OVER_MAX_PARTNERS);
        assertThat(apply("P-Z", " ", ChannelType.DEALER)).isEqualTo(Outcome.INVALID);
        assertThat(apply("P-Z", "CH-0", null)).isEqualTo(Outcome.INVALID);
        assertThat(apply("P-Z", "x".repeat(257), ChannelType.DEALER)).isEqualTo(Outcome.INVALID);
        assertThat(directory.partnerCount()).isEqualTo(4);
    }
}
