package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.agent.approval.ApprovalQueue;
import dev.assay.agent.policy.Policy;
import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.time.ManualClock;
import dev.assay.server.agent.AgentModule;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approval queue over HTTP: escalate, list, approve, deny, expire (manual clock), conflicts and unknown ids. */
class AgentApprovalsHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");
    static final Duration TTL = Duration.ofMinutes(10);
    static final String ESCALATED = "{\"kind\": \"tool\", \"tool\": \"send_money\", \"arguments\": {\"amount\": 10}, \"agent\": \"payer\"}";

    @TempDir
    static Path dir;
    static TestServer t;
    static Ledger ledger;
    static AlertManager alerts;
    static ManualClock clock;

    @BeforeAll
    static void start() {
        clock = new ManualClock(T0);
        t = new TestServer(dir, Map.of(), (store, telemetry) -> {
            ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
            alerts = AlertManager.builder(telemetry.registry()).clock(clock).channel("log", AlertChannel.log()).build();
            return List.of(new AgentModule(Policy.parse("tools:\n  approve: [send_money]\n"), ledger, telemetry.registry(),
                    ApprovalQueue.open(store, ledger, clock), TTL, alerts));
        });
    }

    @AfterAll
    static void stop() {
        t.close();
        alerts.close(Duration.ofSeconds(5));
        ledger.close();
    }

    static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    static JsonNode escalate() throws Exception {
        JsonNode v = json(t.post("/api/v1/agent/check", t.operator, ESCALATED), 200);
        assertThat(v.get("decision").asText()).isEqualTo("ESCALATE");
        assertThat(v.get("approvalId").asText()).isNotBlank();
        return v;
    }

    static List<LedgerEntry> entries(String kind) {
        return ledger.page(0, 10_000).stream().filter(e -> e.kind().equals(kind)).toList();
    }

    static String reason(String text) {
        return JSON.createObjectNode().put("reason", text).toString();
    }

    @Test
    void anEscalationIsQueued_listed_andApprovedByTheOperatorTokensName() throws Exception {
        JsonNode v = escalate();
        String id = v.get("approvalId").asText();
        assertThat(Instant.parse(v.get("expiresAt").asText())).isEqualTo(clock.instant().plus(TTL));
        assertThat(v.get("ledgerSeq").asLong()).isPositive();

        JsonNode list = json(t.get("/api/v1/agent/approvals", t.viewer), 200);
        assertThat(list.get("status").asText()).isEqualTo("PENDING");
        assertThat(list.get("approvals").findValuesAsText("id")).contains(id);
        JsonNode one = json(t.get("/api/v1/agent/approvals/" + id, t.viewer), 200);
        assertThat(one.get("status").asText()).isEqualTo("PENDING");
        assertThat(one.get("agent").asText()).isEqualTo("payer");
        assertThat(one.get("tool").asText()).isEqualTo("send_money");
        assertThat(one.get("findings").get(0).get("risk").asText()).isEqualTo("POLICY");

        assertThat(t.post("/api/v1/agent/approvals/" + id + "/approve", t.viewer, reason("ok")).statusCode())
                .as("a viewer cannot decide").isEqualTo(403);
        JsonNode done = json(t.post("/api/v1/agent/approvals/" + id + "/approve", t.operator, reason("invoice 42 is due")), 200);
        assertThat(done.get("status").asText()).isEqualTo("APPROVED");
        assertThat(done.get("allowed").asBoolean()).isTrue();
        assertThat(done.get("decidedBy").asText()).isEqualTo("operator");
        assertThat(done.get("reason").asText()).isEqualTo("invoice 42 is due");

        LedgerEntry requested = ledger.get(done.get("requestSeq").asLong()).orElseThrow();
        assertThat(requested.kind()).isEqualTo("agent.approval.requested");
        assertThat(requested.subject()).isEqualTo("payer");
        LedgerEntry approved = ledger.get(done.get("decisionSeq").asLong()).orElseThrow();
        assertThat(approved.kind()).isEqualTo("agent.approval.approved");
        assertThat(approved.payload()).contains(id).contains("\"by\":\"operator\"").contains("invoice 42 is due");
        assertThat(json(t.get("/api/v1/agent/approvals?status=approved", t.viewer), 200).get("approvals").findValuesAsText("id"))
                .contains(id);
        assertThat(json(t.get("/api/v1/agent/approvals", t.viewer), 200).get("approvals").findValuesAsText("id")).doesNotContain(id);

        JsonNode again = json(t.post("/api/v1/agent/approvals/" + id + "/deny", t.operator, reason("no")), 409);
        assertThat(again.get("error").get("message").asText()).contains("APPROVED");
        String metrics = t.get("/metrics", t.viewer).body();
        assertThat(metrics).contains("assay_agent_approvals_pending").contains("outcome=\"approved\"");
    }

    @Test
    void aDenialIsRecorded_andAReasonIsRequired() throws Exception {
        String id = escalate().get("approvalId").asText();
        JsonNode missing = json(t.post("/api/v1/agent/approvals/" + id + "/deny", t.operator, "{}"), 400);
        assertThat(missing.get("error").get("message").asText()).contains("reason");
        json(t.post("/api/v1/agent/approvals/" + id + "/deny", t.operator, reason("   ")), 400);
        JsonNode denied = json(t.post("/api/v1/agent/approvals/" + id + "/deny", t.operator, reason("not this month")), 200);
        assertThat(denied.get("status").asText()).isEqualTo("DENIED");
        assertThat(denied.get("allowed").asBoolean()).isFalse();
        assertThat(ledger.get(denied.get("decisionSeq").asLong()).orElseThrow().kind()).isEqualTo("agent.approval.denied");
        JsonNode again = json(t.post("/api/v1/agent/approvals/" + id + "/approve", t.operator, reason("yes")), 409);
        assertThat(again.get("error").get("message").asText()).contains("DENIED");
    }

    @Test
    void anUndecidedRequestExpiresAsADenial_andCannotBeApprovedAfterwards() throws Exception {
        String id = escalate().get("approvalId").asText();
        clock.advance(TTL);
        JsonNode expired = json(t.get("/api/v1/agent/approvals?status=EXPIRED", t.viewer), 200);
        assertThat(expired.get("approvals").findValuesAsText("id")).contains(id);
        JsonNode one = json(t.get("/api/v1/agent/approvals/" + id, t.viewer), 200);
        assertThat(one.get("status").asText()).isEqualTo("EXPIRED");
        assertThat(one.get("allowed").asBoolean()).isFalse();
        assertThat(ledger.get(one.get("decisionSeq").asLong()).orElseThrow().kind()).isEqualTo("agent.approval.expired");
        JsonNode late = json(t.post("/api/v1/agent/approvals/" + id + "/approve", t.operator, reason("sorry, late")), 409);
        assertThat(late.get("error").get("message").asText()).contains("EXPIRED");
        assertThat(entries("agent.approval.expired").stream().filter(e -> e.payload().contains(id)).count()).isEqualTo(1);
    }

    @Test
    void unknownIdsAre404_andBadQueriesAre400() throws Exception {
        for (String id : List.of("no-such-thing", "00000000-0000-0000-0000-000000000000")) {
            assertThat(json(t.get("/api/v1/agent/approvals/" + id, t.viewer), 404).get("error").get("message").asText()).contains(id);
            json(t.post("/api/v1/agent/approvals/" + id + "/approve", t.operator, reason("r")), 404);
            json(t.post("/api/v1/agent/approvals/" + id + "/deny", t.operator, reason("r")), 404);
        }
        assertThat(json(t.get("/api/v1/agent/approvals?status=MAYBE", t.viewer), 400).get("error").get("message").asText())
                .contains("status");
        assertThat(json(t.get("/api/v1/agent/approvals?limit=0", t.viewer), 400).get("error").get("message").asText())
                .contains("limit");
    }

    @Test
    void theLedgerVerifiesAfterTheFlows() throws Exception {
        escalate();
        assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
    }
}
