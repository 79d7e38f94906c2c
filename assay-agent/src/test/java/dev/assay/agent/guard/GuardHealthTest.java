package dev.assay.agent.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.agent.action.Action;
import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Finding;
import dev.assay.agent.command.Risk;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardHealthTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final Action A = Action.shell("ls");

    static Verdict verdict(Decision d, boolean failed) {
        return new Verdict(d, A, failed ? List.of(new Finding(Risk.GUARD_FAILURE, Decision.DENY, "broke")) : List.of());
    }

    @Test
    void theDesignsRulesFireAtTheirThresholdsOverTheRecentWindow() {
        GuardHealth h = new GuardHealth(GuardHealth.Thresholds.defaults());
        for (int i = 0; i < 19; i++) h.record(verdict(Decision.DENY, true));
        assertThat(h.alerts(null, NOW)).as("too few decisions to judge a rate").isEmpty();
        h.record(verdict(Decision.ESCALATE, false));
        List<Alert> a = h.alerts(null, NOW);
        assertThat(a).extracting(Alert::dedupKey).containsExactlyInAnyOrder("agent.guard/risk", "agent.guard/errors");
        assertThat(a).filteredOn(x -> x.dedupKey().endsWith("errors")).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(x.detail()).contains("95% of the last 20 decisions");
        });
        // 100 decisions later, 79 of them allowed without failures: risk 21% < 80%, errors 0
        for (int i = 0; i < 100; i++) h.record(verdict(i < 21 ? Decision.DENY : Decision.ALLOW, false));
        assertThat(h.riskShare()).isEqualTo(0.21);
        assertThat(h.errorRate()).isZero();
        assertThat(h.alerts(null, NOW)).isEmpty();
        for (int i = 0; i < 80; i++) h.record(verdict(Decision.DENY, false));
        assertThat(h.riskShare()).isGreaterThanOrEqualTo(0.8);
        assertThat(h.alerts(null, NOW)).extracting(Alert::dedupKey).containsExactly("agent.guard/risk");
    }
}
