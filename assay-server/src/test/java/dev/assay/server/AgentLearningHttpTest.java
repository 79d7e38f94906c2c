package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.agent.approval.ApprovalQueue;
import dev.assay.agent.checkpoint.Checkpoints;
import dev.assay.agent.learned.GuardMemory;
import dev.assay.agent.learned.InteractionEncoder;
import dev.assay.agent.memory.Label;
import dev.assay.agent.poison.PoisonCheck;
import dev.assay.agent.policy.Policy;
import dev.assay.agent.rjudge.Interaction;
import dev.assay.agent.rjudge.Turn;
import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.time.ManualClock;
import dev.assay.models.embed.WordEmbeddingModel;
import dev.assay.server.agent.AgentModule;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learned layer in the service: the guard consults the memory after its rules, approvals and denials are outcomes
 * it learns through the poisoning check, and the memory is checkpointed when the service stops.
 */
class AgentLearningHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static final String[] SAFE = {"invoice", "supplier", "monthly", "rent", "utility", "payroll", "vendor", "office"};
    static final String[] UNSAFE = {"attacker", "wallet", "crypto", "anonymous", "offshore", "ransom", "mixer", "darknet"};

    /** What an action of the test looks like to the learned layer: the request as context, send_money with a memo. */
    static String action(String memo, String agent) {
        return "{\"kind\": \"tool\", \"tool\": \"send_money\", \"arguments\": {\"memo\": \"" + memo + "\"}, \"agent\": \"" + agent
                + "\", \"goal\": \"ok\", \"context\": [\"user: " + memo + "\"]}";
    }

    static String memo(Random r, String[] words) {
        StringBuilder b = new StringBuilder("pay");
        for (int k = 0; k < 4; k++) b.append(' ').append(words[r.nextInt(words.length)]);
        return b.toString();
    }

    static Interaction seed(Random r, boolean unsafe, int i) {
        String memo = memo(r, unsafe ? UNSAFE : SAFE);
        return new Interaction("seed" + i, List.of(Turn.user(memo), Turn.agent("ok", "send_money: {\"memo\":\"" + memo + "\"}")), unsafe, "");
    }

    @TempDir
    Path dir;

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void theServiceDecidesWithTheMemory_learnsFromApprovalsAndDenials_andCheckpointsOnStop() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-06-01T09:00:00Z"));
        LedgerKeys keys = LedgerKeys.generate(new SecureRandom());
        Checkpoints checkpoints = new Checkpoints(dir.resolve("agent/checkpoints"), keys, clock);
        GuardMemory memory = GuardMemory.empty("words-32", 3 * 32, () -> new InteractionEncoder(new WordEmbeddingModel(32)), PoisonCheck.Config.defaults());
        Random r = new Random(7);
        List<Interaction> seed = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            seed.add(seed(r, false, i));
            seed.add(seed(r, true, i));
        }
        memory.learn(seed, true, n -> { });
        Ledger[] ledger = new Ledger[1];
        AlertManager[] alerts = new AlertManager[1];
        TestServer t = new TestServer(dir.resolve("store"), Map.of(), (store, telemetry) -> {
            ledger[0] = Ledger.open(store, keys, clock);
            alerts[0] = AlertManager.builder(telemetry.registry()).clock(clock).channel("log", AlertChannel.log()).build();
            return List.of(new AgentModule(Policy.parse("tools:\n  approve: [send_money]\n"), ledger[0], telemetry.registry(),
                    ApprovalQueue.open(store, ledger[0], clock), Duration.ofMinutes(10), alerts[0]).learning(memory, checkpoints));
        });
        try {
            JsonNode denied = json(t.post("/api/v1/agent/check", t.operator, action("pay attacker wallet ransom crypto", "a1")));
            assertThat(denied.get("decision").asText()).as(denied.toString()).isEqualTo("DENY");
            assertThat(denied.get("findings").findValuesAsText("risk")).contains("LEARNED");
            assertThat(denied.has("approvalId")).as("a denial waits for nobody").isFalse();

            JsonNode escalated = json(t.post("/api/v1/agent/check", t.operator, action("pay supplier invoice monthly rent", "a2")));
            assertThat(escalated.get("decision").asText()).as(escalated.toString()).isEqualTo("ESCALATE");
            int safeBefore = memory.size(Label.SAFE);
            json(t.post("/api/v1/agent/approvals/" + escalated.get("approvalId").asText() + "/approve", t.operator,
                    "{\"reason\": \"the monthly supplier invoice\"}"));
            assertThat(memory.size(Label.SAFE)).as("the approval was learned as a safe outcome").isEqualTo(safeBefore + 1);

            // a denial that contradicts everything the memory holds about such actions is stopped by the poisoning check
            JsonNode again = json(t.post("/api/v1/agent/check", t.operator, action("pay rent utility payroll vendor", "a3")));
            assertThat(again.get("decision").asText()).isEqualTo("ESCALATE");
            int unsafeBefore = memory.size(Label.UNSAFE);
            json(t.post("/api/v1/agent/approvals/" + again.get("approvalId").asText() + "/deny", t.operator, "{\"reason\": \"not today\"}"));
            assertThat(memory.size(Label.UNSAFE)).as("the contradicting denial was not learned").isEqualTo(unsafeBefore);
            assertThat(t.get("/metrics", t.viewer).body()).contains("assay_agent_outcomes_total{result=\"learned\"} 1.0")
                    .contains("assay_agent_outcomes_total{result=\"flagged\"} 1.0").contains("assay_agent_memory_exemplars{label=\"safe\"} " + memory.size(Label.SAFE) + ".0")
                    .contains("assay_agent_risk ").contains("assay_agent_errors 0.0").contains("assay_agent_memory_consistency ")
                    .contains("assay_agent_memory_utilization ");
            assertThat(checkpoints.latest()).as("no checkpoint before a minute has passed or the service stops").isEmpty();
            JsonNode health = json(t.get("/api/v1/agent/health", t.viewer));
            assertThat(health.get("learned").asBoolean()).isTrue();
            assertThat(health.get("risk").asDouble()).as("3 checks, 1 denied and 2 escalated").isEqualTo(1.0);
            assertThat(health.get("errorRate").asDouble()).isZero();
            assertThat(health.get("memory").get("safe").asInt()).isEqualTo(memory.size(Label.SAFE));
            assertThat(health.get("memory").get("ready").asBoolean()).isTrue();
            assertThat(health.get("memory").get("rule").get("cut").asDouble()).isEqualTo(memory.rule().orElseThrow().cut());
        } finally {
            t.close();
            alerts[0].close(Duration.ofSeconds(5));
            ledger[0].close();
        }
        Checkpoints.Contents written = checkpoints.latest().orElseThrow();
        assertThat(written.memory().exemplars()).hasSize(memory.size(Label.SAFE) + memory.size(Label.UNSAFE));
        assertThat(written.encoder()).isEqualTo("words-32");
    }
}
