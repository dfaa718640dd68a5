package io.channelpulse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.channelpulse.config.KafkaSettings.DeliveryGuarantee;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code kafka.delivery-guarantee}: exactly-once unless the file says at-least-once; anything else names the key. */
class DeliveryGuaranteeConfigTest {

    @Test
    void exactlyOnceIsTheDefault() {
        assertThat(ConfigLoader.parse("").kafka().deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(ConfigLoader.parse("kafka:\n  group-id: g\n").kafka().deliveryGuarantee())
                .isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    }

    @Test
    void bothGuaranteesAreReadByTheirConfigNames() {
        assertThat(ConfigLoader.parse("kafka:\n  delivery-guarantee: at-least-once\n").kafka().deliveryGuarantee())
                .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(ConfigLoader.parse("kafka:\n  delivery-guarantee: exactly-once\n").kafka().deliveryGuarantee())
                .isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    }

    @ParameterizedTest(name = "delivery-guarantee: {0} is rejected naming the key")
    @ValueSource(strings = {"none", "EXACTLY_ONCE", "at_least_once", "\"\"", "true", "[exactly-once]"})
    void anythingElseIsRejectedNamingTheKey(String value) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse("kafka:\n  delivery-guarantee: " + value + "\n"));
        assertThat(e).as("expected a ConfigException for %s", value).isNotNull();
        assertThat(e.key()).isEqualTo("kafka.delivery-guarantee");
        assertThat(e.getMessage()).startsWith("kafka.delivery-guarantee: ");
    }

    @Test
    void theRejectionSaysWhatIsAllowed() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse("kafka:\n  delivery-guarantee: none\n"));
        assertThat(e.getMessage()).contains("exactly-once").contains("at-least-once").contains("'none'");
    }

    @Test
    void withDeliveryGuaranteeKeepsTheOtherSettings() {
        KafkaSettings d = KafkaSettings.defaults();
        KafkaSettings k = d.withDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(k.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(k.withDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)).isEqualTo(d);
    }
}
