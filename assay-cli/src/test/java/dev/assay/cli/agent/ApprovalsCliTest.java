package dev.assay.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.agent.action.Action;
import dev.assay.agent.approval.Approval;
import dev.assay.agent.approval.ApprovalQueue;
import dev.assay.agent.approval.ApprovalStatus;
import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Finding;
import dev.assay.agent.command.Risk;
import dev.assay.agent.guard.Verdict;
import dev.assay.cli.CliRun;
import dev.assay.cli.CoreServices;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.time.ManualClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay agent approvals list | approve | deny} on a data directory whose queue holds requests. */
class ApprovalsCliTest {
    @TempDir
    Path dir;

    Path data() {
        return dir.resolve("data");
    }

    CliRun run(String... args) {
        return CliRun.run(Map.of("ASSAY_DATA_DIR", data().toString()), args);
    }

    /** Enqueues a request for {@code command}, made {@code ago} before now and waiting {@code ttl}. */
    Approval request(String agent, String command, Duration ago, Duration ttl) {
        ManualClock clock = new ManualClock(Instant.now().minus(ago).truncatedTo(ChronoUnit.MILLIS));
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("dataDir", data().toString()));
        try (CoreServices core = CoreServices.open(config, clock)) {
            Action a = new Action(Action.Kind.SHELL, "shell", command, null, agent, "", List.of(), null);
            return ApprovalQueue.open(core.store(), core.ledger(), clock).request(new Verdict(Decision.ESCALATE, a,
                    List.of(new Finding(Risk.PRIVILEGE, Decision.ESCALATE, "sudo gains privileges"))), ttl);
        }
    }

    <T> T withQueue(java.util.function.Function<ApprovalQueue, T> f) {
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("dataDir", data().toString()));
        try (CoreServices core = CoreServices.open(config, Clock.systemUTC())) {
            return f.apply(ApprovalQueue.open(core.store(), core.ledger(), Clock.systemUTC()));
        }
    }

    List<LedgerEntry> entries(String kind) {
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("dataDir", data().toString()));
        try (CoreServices core = CoreServices.open(config, Clock.systemUTC())) {
            return core.ledger().page(0, 1000).stream().filter(e -> e.kind().equals(kind)).toList();
        }
    }

    @Test
    void listShowsPendingRequests_andMarksExpiredOnesFirst() throws Exception {
        Approval waiting = request("builder", "sudo systemctl restart web", Duration.ofMinutes(2), Duration.ofMinutes(15));
        Approval stale = request(null, "sudo reboot", Duration.ofHours(2), Duration.ofMinutes(15));
        CliRun list = run("agent", "approvals", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(waiting.id()).contains("builder").contains("SHELL sudo systemctl restart web")
                .doesNotContain(stale.id());
        CliRun expired = run("agent", "approvals", "list", "--status", "expired", "--json");
        assertThat(expired.exitCode()).as(expired.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(expired.out());
        assertThat(j).hasSize(1);
        assertThat(j.get(0).get("id").asText()).isEqualTo(stale.id());
        assertThat(j.get(0).get("status").asText()).isEqualTo("EXPIRED");
        assertThat(j.get(0).get("allowed").asBoolean()).isFalse();
        assertThat(entries(ApprovalQueue.EXPIRED)).hasSize(1);
        CliRun none = run("agent", "approvals", "list", "--status", "APPROVED");
        assertThat(none.out().strip()).isEqualTo("no APPROVED approval requests");
    }

    @Test
    void approveAndDenyRecordWhoAndWhyInTheLedger() {
        Approval a = request("builder", "sudo systemctl restart web", Duration.ofMinutes(1), Duration.ofMinutes(15));
        Approval b = request("builder", "sudo rm -rf /srv/old", Duration.ofMinutes(1), Duration.ofMinutes(15));
        CliRun approve = run("agent", "approvals", "approve", a.id(), "--reason", "planned restart", "--by", "alice");
        assertThat(approve.exitCode()).as(approve.err()).isZero();
        assertThat(approve.out()).startsWith("APPROVED " + a.id() + " by alice");
        CliRun deny = run("agent", "approvals", "deny", b.id(), "--reason", "not during the freeze");
        assertThat(deny.exitCode()).as(deny.err()).isZero();
        assertThat(deny.out()).startsWith("DENIED " + b.id() + " by " + System.getProperty("user.name"));
        assertThat(withQueue(q -> q.get(a.id())).status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(withQueue(q -> q.get(b.id())).reason()).isEqualTo("not during the freeze");
        assertThat(entries(ApprovalQueue.APPROVED)).singleElement().satisfies(e ->
                assertThat(e.payload()).contains(a.id()).contains("\"by\":\"alice\"").contains("planned restart"));
        assertThat(entries(ApprovalQueue.DENIED)).singleElement().satisfies(e -> assertThat(e.payload()).contains(b.id()));
        CliRun json = run("agent", "approvals", "list", "--status", "approved", "--json");
        assertThat(json.out()).contains(a.id()).contains("alice");
    }

    @Test
    void badInputExits2WithOneLineNamingTheProblem() {
        Approval a = request("builder", "sudo ls", Duration.ofMinutes(1), Duration.ofMinutes(15));
        Approval old = request("builder", "sudo ls /root", Duration.ofHours(1), Duration.ofMinutes(15));
        assertThat(run("agent", "approvals", "deny", a.id(), "--reason", "no").exitCode()).isZero();

        CliRun again = run("agent", "approvals", "approve", a.id(), "--reason", "yes");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.errLines()).singleElement().asString().startsWith("assay: ").contains(a.id()).contains("DENIED");
        CliRun late = run("agent", "approvals", "approve", old.id(), "--reason", "yes");
        assertThat(late.exitCode()).isEqualTo(2);
        assertThat(late.errLines()).singleElement().asString().contains("EXPIRED");
        CliRun unknown = run("agent", "approvals", "approve", "no-such-id", "--reason", "yes");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.errLines()).singleElement().asString().isEqualTo("assay: no approval request 'no-such-id'");
        CliRun blank = run("agent", "approvals", "deny", a.id(), "--reason", "  ");
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(blank.errLines()).singleElement().asString().contains("--reason");
        CliRun noReason = run("agent", "approvals", "deny", a.id());
        assertThat(noReason.exitCode()).isEqualTo(2);
        assertThat(noReason.errLines()).singleElement().asString().contains("--reason");
        CliRun status = run("agent", "approvals", "list", "--status", "maybe");
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.errLines()).singleElement().asString().contains("--status").contains("maybe");
    }

    @Test
    void helpNamesTheOptionsAnExampleAndTheExitCodes() {
        CliRun help = run("agent", "approvals", "approve", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--reason").contains("--by").contains("--data-dir").contains("Example:")
                .contains("Exit codes:").contains("not PENDING");
        assertThat(run("agent", "approvals", "list", "--help").out()).contains("Default: PENDING").contains("Default: 100");
        assertThat(run("agent", "--help").out()).contains("approvals");
    }
}
