package dev.assay.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.agent.action.Action;
import dev.assay.agent.approval.ApprovalQueue;
import dev.assay.agent.approval.ApprovalStatus;
import dev.assay.agent.approval.Backlog;
import dev.assay.agent.command.Decision;
import dev.assay.agent.guard.Verdict;
import dev.assay.agent.policy.Policy;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.store.Store;
import dev.assay.core.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module's background round: overdue requests expire (counted, gauged), and a backlog over the limits is an alert. */
class ApprovalBacklogAlertTest {
    @TempDir
    Path dir;

    @Test
    void aRoundExpiresOverdueRequests_andRaisesTheBacklogAlert() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-06-01T09:00:00Z"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LinkedBlockingQueue<Alert> delivered = new LinkedBlockingQueue<>();
        try (Store store = Store.sqlite(dir.resolve("assay.db"));
             Ledger ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
             AlertManager alerts = AlertManager.builder(meters).clock(clock).channel("test", delivered::add).build()) {
            ApprovalQueue queue = ApprovalQueue.open(store, ledger, clock);
            AgentModule module = new AgentModule(Policy.defaults(), ledger, meters, queue, Duration.ofMinutes(15), alerts,
                    new Backlog.Limits(1, Duration.ofMinutes(30)));
            try {
                Verdict v = new Verdict(Decision.ESCALATE, Action.shell("sudo ls"), List.of());
                var soon = queue.request(v, Duration.ofMinutes(1));
                queue.request(v, Duration.ofHours(1));
                queue.request(v, Duration.ofHours(1));
                clock.advance(Duration.ofMinutes(2));
                module.sweep();
                assertThat(queue.get(soon.id()).status()).isEqualTo(ApprovalStatus.EXPIRED);
                assertThat(meters.get(AgentModule.PENDING).gauge().value()).isEqualTo(2.0);
                assertThat(meters.get(AgentModule.APPROVALS).tag("outcome", "expired").counter().count()).isEqualTo(1.0);
                Alert alert = delivered.poll(30, TimeUnit.SECONDS);
                assertThat(alert).as("the backlog alert").isNotNull();
                assertThat(alert.source()).isEqualTo("agent.approvals");
                assertThat(alert.detail()).contains("2 approval requests are pending (limit 1)");
            } finally {
                module.stopping();
            }
        }
    }
}
