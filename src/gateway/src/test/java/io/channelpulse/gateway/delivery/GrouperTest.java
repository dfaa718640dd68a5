package io.channelpulse.gateway.delivery;

import io.channelpulse.config.Target;
import static io.channelpulse.gateway.delivery.DeliveryFixtures.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.channelpulse.model.AlertStatus;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A storm of alerts for one dealer becomes one notification. */
class GrouperTest {

    @Test
    void burstOf200BelowGuideSkusAtOneDealerIsOneNotification() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        List<Notification> sent = new CopyOnWriteArrayList<>();
        AtomicInteger acked = new AtomicInteger();
        Grouper grouper = new Grouper(300, scheduler, Clock.systemUTC(), (n, ack) -> {
            sent.add(n);
            ack.run();
        });
        Target hook = new Target("hook", Target.Kind.WEBHOOK, "http://127.0.0.1:1/", List.of());
        for (int i = 0; i < 200; i++) {
            grouper.add(hook, alert("a-" + i, AlertStatus.FIRING, "CH-DEALER", "SKU-" + i).withChannelType(io.channelpulse.model.ChannelType.DEALER), acked::incrementAndGet);
        }
        grouper.add(hook, alert("other", AlertStatus.FIRING, "CH-ONLINE", "SKU-1").withChannelType(io.channelpulse.model.ChannelType.ONLINE), acked::incrementAndGet);
        Thread.sleep(800);
        scheduler.shutdownNow();

        assertThat(sent).hasSize(2);
        Notification dealer = sent.stream().filter(n -> n.channelId().equals("CH-DEALER")).findFirst().orElseThrow();
        assertThat(dealer.alerts()).hasSize(200);
        assertThat(acked).hasValue(201);
    }

    @Test
    void notificationIdIsStableForTheSameAlertsAndDiffersOtherwise() {
        Target hook = new Target("hook", Target.Kind.WEBHOOK, "http://127.0.0.1:1/", List.of());
        var a = alert("a", AlertStatus.FIRING, "CH", "S");
        var b = alert("a", AlertStatus.RESOLVED, "CH", "S");
        assertThat(DeliveryFixtures.notification(hook, a).id()).isEqualTo(DeliveryFixtures.notification(hook, a).id());
        assertThat(DeliveryFixtures.notification(hook, a).id()).isNotEqualTo(DeliveryFixtures.notification(hook, b).id());
    }
}
