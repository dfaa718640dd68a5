package io.channelpulse.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Standard Webhooks signatures verify with the secret and fail with anything else. */
class StandardWebhooksTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void signatureVerifiesWithTheSecretAndNotWithAnotherOrAChangedBody() {
        String header = StandardWebhooks.sign(List.of(SECRET), "msg_1", 1_700_000_000L, "{\"a\":1}");
        assertThat(header).startsWith("v1,");
        assertThat(StandardWebhooks.verify(SECRET, "msg_1", 1_700_000_000L, "{\"a\":1}", header)).isTrue();
        assertThat(StandardWebhooks.verify("whsec_" + java.util.Base64.getEncoder().encodeToString("other".getBytes()), "msg_1", 1_700_000_000L, "{\"a\":1}", header)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, "msg_1", 1_700_000_000L, "{\"a\":2}", header)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, "msg_2", 1_700_000_000L, "{\"a\":1}", header)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, "msg_1", 1_700_000_001L, "{\"a\":1}", header)).isFalse();
    }

    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        // From the Standard Webhooks specification's example.
        String header = StandardWebhooks.sign(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}");
        assertThat(header).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void duringRotationEverySecretSignsAndEitherVerifies() {
        String header = StandardWebhooks.sign(List.of("new-secret", "old-secret"), "msg", 1L, "body");
        assertThat(header.split(" ")).hasSize(2);
        assertThat(StandardWebhooks.verify("new-secret", "msg", 1L, "body", header)).isTrue();
        assertThat(StandardWebhooks.verify("old-secret", "msg", 1L, "body", header)).isTrue();
        assertThat(StandardWebhooks.verify("third", "msg", 1L, "body", header)).isFalse();
    }
}
