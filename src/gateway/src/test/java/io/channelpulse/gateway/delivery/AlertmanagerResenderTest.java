package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Target;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.alert;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.fast;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.AlertStatus;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** Firing alerts are re-posted to Alertmanager until they resolve, so it never times them out. */
class AlertmanagerResenderTest {

    @Test
    void firingAlertsAreRepostedUntilResolved() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (TestReceiver am = new TestReceiver()) {
            Target target = new Target("am", Target.Kind.ALERTMANAGER, am.baseUrl(), List.of());
            AlertmanagerResender resender = new AlertmanagerResender(new TargetClient(fast(List.of(target), List.of())),
                    scheduler, 200, Clock.systemUTC());
            resender.delivered(target, alert("a", AlertStatus.FIRING, "CH", "S"), "DEALER");
            Thread.sleep(700);
            int whileFiring = am.requests.size();
            assertThat(whileFiring).isGreaterThanOrEqualTo(2);
            assertThat(am.requests.get(0).body()).contains("\"alert_id\":\"a\"").doesNotContain("endsAt");

            resender.delivered(target, alert("a", AlertStatus.RESOLVED, "CH", "S"), "DEALER");
            Thread.sleep(300);
            int after = am.requests.size();
            Thread.sleep(600);
            assertThat(am.requests.size()).as("no re-posts after RESOLVED").isEqualTo(after);
            assertThat(resender.firingCount()).isZero();
        } finally {
            scheduler.shutdownNow();
        }
    }
}
