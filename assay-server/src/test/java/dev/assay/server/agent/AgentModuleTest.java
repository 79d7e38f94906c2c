package dev.assay.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.agent.approval.ApprovalQueue;
import dev.assay.agent.policy.Policy;
import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.store.Store;
import dev.assay.core.telemetry.Telemetry;
import dev.assay.server.AssayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentModuleTest {
    @TempDir
    static Path dir;
    static Store store;
    static Telemetry telemetry;
    static Ledger ledger;
    static AlertManager alerts;
    static AssayServer server;
    static String viewer;
    static String operator;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                "dataDir", dir.toString(), "server.shutdownGrace", "5s"));
        store = config.store().open();
        TokenService tokens = TokenService.create(store, Clock.systemUTC());
        telemetry = Telemetry.create();
        viewer = tokens.create("viewer", Role.VIEWER).secret();
        operator = tokens.create("operator", Role.OPERATOR).secret();
        ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC());
        server = AssayServer.builder(config, telemetry, tokens)
                .module(new AgentModule(Policy.parse("tools:\n  approve: [send_money]\n"), ledger, telemetry.registry(),
                        ApprovalQueue.open(store, ledger, Clock.systemUTC()), AgentModule.DEFAULT_APPROVAL_TTL,
                        alerts = AlertManager.builder(telemetry.registry()).channel("log", AlertChannel.log()).build()))
                .closeOnStop(telemetry).closeOnStop(store).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        alerts.close();
        ledger.close();
    }

    static HttpResponse<String> post(String token, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + AgentModule.CHECK))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyShapeIsDecidedRecordedAndCounted() throws Exception {
        HttpResponse<String> deny = post(operator, "{\"id\": \"c1\", \"type\": \"function\", \"agent\": \"builder\", \"function\": {\"name\": \"bash\","
                + " \"arguments\": \"{\\\"command\\\": \\\"cat ~/.aws/credentials\\\"}\"}}");
        assertThat(deny.statusCode()).as(deny.body()).isEqualTo(200);
        JsonNode d = JSON.readTree(deny.body());
        assertThat(d.get("decision").asText()).isEqualTo("DENY");
        assertThat(d.get("kind").asText()).isEqualTo("SHELL");
        assertThat(d.get("findings").get(0).get("risk").asText()).isEqualTo("CREDENTIALS");
        var entry = ledger.get(d.get("ledgerSeq").asLong()).orElseThrow();
        assertThat(entry.kind()).isEqualTo("agent.decision");
        assertThat(entry.subject()).isEqualTo("builder");
        assertThat(JSON.readTree(entry.payload()).get("decision").asText()).isEqualTo("DENY");
        HttpResponse<String> esc = post(operator, "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"tools/call\", \"params\": {\"name\": \"send_money\", \"arguments\": {\"amount\": 10}}}");
        assertThat(JSON.readTree(esc.body()).get("decision").asText()).isEqualTo("ESCALATE");
        HttpResponse<String> allow = post(operator, "{\"kind\": \"shell\", \"command\": \"git status\"}");
        assertThat(JSON.readTree(allow.body()).get("decision").asText()).isEqualTo("ALLOW");
        assertThat(telemetry.registry().get(AgentModule.DECISIONS).tag("decision", "DENY").counter().count()).isEqualTo(1.0);
        assertThat(telemetry.registry().get(AgentModule.LATENCY).timer().count()).isEqualTo(3);
    }

    @Test
    void badBodiesAre400AndViewersMayNotDecide() throws Exception {
        HttpResponse<String> bad = post(operator, "{\"kind\": \"shell\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("field command is required");
        assertThat(post(viewer, "{\"kind\": \"shell\", \"command\": \"ls\"}").statusCode()).isEqualTo(403);
    }
}
