package io.channelpulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** The {@code gateway:} section: bounds on the channels and partners the gateway keeps. */
class GatewayLimitsConfigTest {

    @Test
    void defaultsAreTenThousandChannelsAndAHundredThousandPartners() {
        assertThat(ConfigLoader.parse("").gateway()).isEqualTo(new PulseConfig.GatewayLimits(10_000, 100_000));
    }

    @Test
    void bothLimitsAreRead() {
        assertThat(ConfigLoader.parse("gateway:\n  max-channels: 50\n  max-partners: 70\n").gateway())
                .isEqualTo(new PulseConfig.GatewayLimits(50, 70));
    }

    @Test
    void zeroChannelsOrAnUnknownKeyIsRejectedNamingTheKey() {
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("gateway:\n  max-channels: 0\n")).key())
                .isEqualTo("gateway.max-channels");
        assertThat(catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("gateway:\n  max-chanels: 5\n")).key())
                .isEqualTo("gateway.max-chanels");
    }
}
