package dev.assay.core.alert;

import static dev.assay.core.alert.TestSupport.T0;
import static dev.assay.core.alert.TestSupport.alert;
import static dev.assay.core.alert.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.time.ManualClock;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertManagerTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ManualClock clock = new ManualClock(T0);
    AlertManager manager;

    @AfterEach
    void closeManager() {
        if (manager != null) manager.close(Duration.ofSeconds(2));
    }

    private AlertManager.Builder builder() {
        return AlertManager.builder(registry).clock(clock).seed(42);
    }

    private double counted(String outcome, String channel) {
        return registry.find("assay.alerts").tag("outcome", outcome).tag("channel", channel).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    @Test
    void fire_deliversToEveryChannelAndCountsIt() {
        RecordingChannel a = RecordingChannel.open();
        RecordingChannel b = RecordingChannel.open();
        manager = builder().channel("a", a).channel("b", b).build();
        assertThat(manager.fire(alert("1", Severity.ERROR))).isEqualTo(Admission.QUEUED);
        await("both channels", () -> manager.stats().delivered() == 2);
        assertThat(a.delivered()).extracting(Alert::id).containsExactly("1");
        assertThat(b.delivered()).extracting(Alert::id).containsExactly("1");
        assertThat(registry.get("assay.alerts").tag("severity", "error").tag("outcome", "delivered").tag("channel", "a")
                .counter().count()).isEqualTo(1.0);
        assertThat(manager.stats().queued()).isEqualTo(1);
    }

    @Test
    void duplicatesInsideTheWindow_areCountedNotDelivered() {
        RecordingChannel ch = RecordingChannel.open();
        manager = builder().dedupWindow(Duration.ofMinutes(1)).channel("ch", ch).build();
        assertThat(manager.fire(alert("1", Severity.WARNING, "k"))).isEqualTo(Admission.QUEUED);
        assertThat(manager.fire(alert("2", Severity.WARNING, "k"))).isEqualTo(Admission.DEDUPLICATED);
        assertThat(manager.fire(alert("3", Severity.INFO, "k"))).isEqualTo(Admission.DEDUPLICATED);
        assertThat(manager.fire(alert("4", Severity.WARNING, "other"))).isEqualTo(Admission.QUEUED);
        clock.advance(Duration.ofSeconds(59));
        assertThat(manager.fire(alert("5", Severity.WARNING, "k"))).isEqualTo(Admission.DEDUPLICATED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(manager.fire(alert("6", Severity.WARNING, "k"))).isEqualTo(Admission.QUEUED);
        await("deliveries", () -> manager.stats().delivered() == 3);
        assertThat(ch.delivered()).extracting(Alert::id).containsExactly("1", "4", "6");
        assertThat(manager.stats().deduplicated()).isEqualTo(3);
        assertThat(counted("deduplicated", "none")).isEqualTo(3.0);
    }

    @Test
    void anEscalationInsideTheWindow_isNotADuplicate() {
        RecordingChannel ch = RecordingChannel.open();
        manager = builder().dedupWindow(Duration.ofMinutes(5)).channel("ch", ch).build();
        assertThat(manager.fire(alert("1", Severity.WARNING, "k"))).isEqualTo(Admission.QUEUED);
        assertThat(manager.fire(alert("2", Severity.CRITICAL, "k"))).isEqualTo(Admission.QUEUED);
        assertThat(manager.fire(alert("3", Severity.ERROR, "k"))).isEqualTo(Admission.DEDUPLICATED);
        assertThat(manager.fire(alert("4", Severity.CRITICAL, "k"))).isEqualTo(Admission.DEDUPLICATED);
    }

    @Test
    void rateLimitedAlerts_areCountedAndLoggedWithTheirIds() {
        RecordingChannel ch = RecordingChannel.open();
        manager = builder().channel("ch", ch, ChannelPolicy.defaults().withRateLimit(RateLimit.of(2, Duration.ofMinutes(1)))).build();
        try (TestSupport.Capture log = TestSupport.captureLog(AlertManager.class.getName())) {
            for (int i = 0; i < 5; i++) manager.fire(alert("r" + i, Severity.ERROR));
            await("five outcomes", () -> manager.stats().delivered() + manager.stats().rateLimited() == 5);
            assertThat(manager.stats().delivered()).isEqualTo(2);
            assertThat(manager.stats().rateLimited()).isEqualTo(3);
            assertThat(log.events()).filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(e -> e.getFormattedMessage())
                    .anySatisfy(m -> assertThat(m).contains("alert r4").contains("rate limit"));
        }
        clock.advance(Duration.ofSeconds(30));
        manager.fire(alert("r5", Severity.ERROR));
        manager.fire(alert("r6", Severity.ERROR));
        await("seven outcomes", () -> manager.stats().delivered() + manager.stats().rateLimited() == 7);
        assertThat(ch.delivered()).extracting(Alert::id).containsExactly("r0", "r1", "r5");
        assertThat(counted("rate_limited", "ch")).isEqualTo(4.0);
    }

    @Test
    void aFullQueue_dropsAndCountsWithoutBlockingTheCaller() {
        CountDownLatch gate = new CountDownLatch(1);
        RecordingChannel ch = RecordingChannel.open();
        manager = builder().queueCapacity(3).threadFactory(TestSupport.gated(gate)).channel("ch", ch).build();
        try (TestSupport.Capture log = TestSupport.captureLog(AlertManager.class.getName())) {
            for (int i = 0; i < 3; i++) assertThat(manager.fire(alert("q" + i, Severity.INFO))).isEqualTo(Admission.QUEUED);
            assertThat(manager.fire(alert("q3", Severity.CRITICAL))).isEqualTo(Admission.DROPPED_QUEUE_FULL);
            assertThat(manager.fire(alert("q4", Severity.INFO))).isEqualTo(Admission.DROPPED_QUEUE_FULL);
            assertThat(log.events()).extracting(e -> e.getFormattedMessage())
                    .anySatisfy(m -> assertThat(m).contains("alert q3").contains("queue"));
        }
        assertThat(manager.stats().droppedQueueFull()).isEqualTo(2);
        assertThat(registry.get("assay.alerts").tag("outcome", "dropped_queue_full").tag("severity", "critical")
                .counter().count()).isEqualTo(1.0);
        gate.countDown();
        await("queued alerts delivered", () -> manager.stats().delivered() == 3);
    }

    @Test
    void aChannelQueueFull_dropsOnlyForThatChannel() {
        RecordingChannel stuck = RecordingChannel.blocked();
        RecordingChannel open = RecordingChannel.open();
        manager = builder().channel("stuck", stuck, ChannelPolicy.defaults().withQueueCapacity(2)).channel("open", open).build();
        for (int i = 0; i < 5; i++) manager.fire(alert("c" + i, Severity.ERROR));
        await("open channel", () -> manager.stats("open").delivered() == 5);
        await("stuck drops", () -> manager.stats("stuck").droppedQueueFull() == 3);
        stuck.release();
        await("stuck drains", () -> manager.stats("stuck").delivered() == 2);
        assertThat(stuck.delivered()).extracting(Alert::id).containsExactly("c0", "c1");
    }

    @Test
    void minimumSeverity_isAppliedPerChannel() {
        RecordingChannel pager = RecordingChannel.open();
        RecordingChannel all = RecordingChannel.open();
        manager = builder().channel("pager", pager, ChannelPolicy.defaults().withMinSeverity(Severity.CRITICAL))
                .channel("all", all).build();
        for (Severity s : Severity.values()) manager.fire(alert(s.name(), s));
        await("all channel", () -> manager.stats("all").delivered() == 5);
        await("pager channel", () -> manager.stats("pager").delivered() == 2);
        assertThat(pager.delivered()).extracting(Alert::severity).containsExactly(Severity.CRITICAL, Severity.EMERGENCY);
    }

    @Test
    void aChannelThatThrows_costsOneCountedFailure() {
        RecordingChannel fine = RecordingChannel.open();
        AlertChannel broken = alert -> {
            throw new IllegalStateException("bug in channel");
        };
        manager = builder().channel("broken", broken).channel("fine", fine).build();
        try (TestSupport.Capture log = TestSupport.captureLog(AlertManager.class.getName())) {
            manager.fire(alert("1", Severity.ERROR));
            manager.fire(alert("2", Severity.ERROR));
            await("failures", () -> manager.stats("broken").failed() == 2);
            await("deliveries", () -> manager.stats("fine").delivered() == 2);
            assertThat(log.events()).filteredOn(e -> e.getThrowableProxy() != null).hasSize(2).allSatisfy(e -> {
                assertThat(e.getFormattedMessage()).startsWith("channel broken threw while delivering alert");
                assertThat(e.getThrowableProxy().getMessage()).isEqualTo("bug in channel");
            });
        }
    }

    @Test
    void close_drainsPendingDeliveriesBeforeReturning() throws Exception {
        RecordingChannel slow = RecordingChannel.blocked();
        manager = builder().channel("slow", slow).build();
        for (int i = 0; i < 4; i++) manager.fire(alert("d" + i, Severity.ERROR));
        await("first delivery started", () -> slow.started() == 1);
        CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> manager.close(Duration.ofSeconds(5)));
        assertThat(closed).isNotDone();
        slow.release();
        assertThat(closed.get()).isTrue();
        assertThat(slow.delivered()).hasSize(4);
        assertThat(manager.stats().delivered()).isEqualTo(4);
        try (TestSupport.Capture log = TestSupport.captureLog(AlertManager.class.getName())) {
            assertThat(manager.fire(alert("late", Severity.ERROR))).isEqualTo(Admission.DROPPED_CLOSED);
            assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "alert late (ERROR) dropped: alert manager is closed");
        }
        assertThat(manager.stats().droppedClosed()).isEqualTo(1);
    }

    @Test
    void close_countsWhatIsStillPendingAtTheDeadlineAsFailed() {
        RecordingChannel stuck = RecordingChannel.blocked();
        manager = builder().channel("stuck", stuck).build();
        for (int i = 0; i < 3; i++) manager.fire(alert("s" + i, Severity.ERROR));
        await("first delivery started", () -> stuck.started() == 1);
        try (TestSupport.Capture log = TestSupport.captureLog(AlertManager.class.getName())) {
            assertThat(manager.close(Duration.ofMillis(200))).isFalse();
            assertThat(log.events()).filteredOn(e -> e.getLevel() == Level.ERROR).extracting(e -> e.getFormattedMessage())
                    .anySatisfy(m -> assertThat(m).contains("alert s0").contains("abandoned"));
        }
        assertThat(manager.stats().failed()).isEqualTo(3);
        assertThat(manager.stats().delivered()).isZero();
        assertThat(manager.close(Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void builder_rejectsBadChannelNames() {
        assertThatThrownBy(() -> builder().channel("Ops Slack", RecordingChannel.open()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ops Slack");
        assertThatThrownBy(() -> builder().channel("none", RecordingChannel.open()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> builder().channel("a", RecordingChannel.open()).channel("a", RecordingChannel.open()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void everyRoutedAlertEndsInExactlyOneOutcomePerChannel() {
        RecordingChannel ch = RecordingChannel.open();
        AlertChannel failing = alert -> {
            throw DeliveryException.permanent("no", null);
        };
        manager = builder().channel("ok", ch, ChannelPolicy.defaults().withRateLimit(RateLimit.of(3, Duration.ofHours(1))))
                .channel("bad", failing).build();
        try (TestSupport.Capture log = TestSupport.captureLog(AlertManager.class.getName())) {
            for (int i = 0; i < 10; i++) manager.fire(alert("e" + i, Severity.WARNING));
            await("ok outcomes", () -> manager.stats("ok").delivered() + manager.stats("ok").rateLimited() == 10);
            await("bad outcomes", () -> manager.stats("bad").failed() == 10);
            assertThat(manager.close(Duration.ofSeconds(2))).isTrue();
            assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(m -> m.contains("to channel bad failed after 1 attempt(s): no")).hasSize(10);
        }
        AlertStats total = manager.stats();
        assertThat(total.delivered() + total.rateLimited() + total.failed() + total.droppedQueueFull()).isEqualTo(20);
        assertThat(total.delivered()).isEqualTo(3);
    }
}
