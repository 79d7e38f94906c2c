package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.registry.Registry;
import dev.assay.core.store.Store;
import dev.assay.core.telemetry.Telemetry;
import dev.assay.server.AssayServer;
import dev.assay.server.ranking.RankingContractModule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay rank contract} and {@code POST /api/v1/ranking/contract/evaluate} refuse the same inputs with the same message. */
class ContractRefusalParityTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static String run(String id, boolean allGood) {
        StringBuilder s = new StringBuilder();
        for (int t = 1; t <= 20; t++)
            for (int rank = 0; rank < 5; rank++) {
                int d = allGood || t % 2 == 0 ? rank : (rank + 2) % 5;
                s.append(t).append(" Q0 d").append(d).append(' ').append(rank + 1).append(' ').append(5 - rank).append(' ').append(id).append('\n');
            }
        return s.toString();
    }

    /** One refused input as both sides send it: the candidate's text, its latencies, the measure. */
    record Case(String candidate, double[] latencies, String measure, String message) {}

    @Test
    void cliAndHttp_refuseTheSameInputsWithTheSameMessage() throws Exception {
        StringBuilder q = new StringBuilder();
        for (int t = 1; t <= 20; t++) for (int d = 0; d < 5; d++) q.append(t).append(" 0 d").append(d).append(' ').append(d < 2 ? 1 : 0).append('\n');
        String qrels = q.toString();
        String production = run("prod", false);
        String candidate = run("cand", true);
        List<Case> cases = List.of(
                new Case(production, new double[0], "map", "not with itself"),
                new Case(production.replace(" prod\n", " prod-copy\n"), new double[0], "map", "not with itself"),
                new Case(candidate, new double[] {12, -1}, "map", "must be a finite number >= 0 ms, but was -1.0"),
                new Case(candidate, new double[] {12, 2e9}, "map", "must be a finite number >= 0 ms, but was 2.0E9, at or above the limit"),
                new Case(candidate, new double[0], "ndcg_at_10", "measure: unknown measure 'ndcg_at_10'"),
                new Case(candidate, new double[0], "P", "measure: unknown measure 'P'"));

        Path qrelsFile = Files.writeString(dir.resolve("qrels"), qrels);
        Path productionFile = Files.writeString(dir.resolve("production.run"), production);
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("server.port", "0", "dataDir", dir.resolve("srv").toString(),
                "server.shutdownGrace", "1s"));
        try (Store store = config.store().open();
             Telemetry telemetry = Telemetry.create();
             Ledger ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC())) {
            TokenService tokens = TokenService.create(store, Clock.systemUTC());
            String token = tokens.create("viewer", Role.VIEWER).secret();
            Registry registry = Registry.open(store, ledger, Clock.systemUTC());
            AssayServer server = AssayServer.builder(config, telemetry, tokens)
                    .module(new RankingContractModule(ledger, registry, Clock.systemUTC(), telemetry.registry())).build().start();
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get(i);
                    // the command line: the candidate is the production file itself when the texts are equal
                    Path candidateFile = c.candidate().equals(production) ? productionFile
                            : Files.writeString(dir.resolve("candidate-" + i + ".run"), c.candidate());
                    List<String> args = new ArrayList<>(List.of("rank", "contract", qrelsFile.toString(), "--production",
                            productionFile.toString(), "--candidate", candidateFile.toString(), "--measure", c.measure()));
                    if (c.latencies().length > 0) {
                        StringBuilder lat = new StringBuilder();
                        for (double v : c.latencies()) lat.append(v).append('\n');
                        args.addAll(List.of("--candidate-latencies", Files.writeString(dir.resolve("lat-" + i), lat).toString()));
                    }
                    CliRun cli = CliRun.run(Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString()), args.toArray(String[]::new));
                    assertThat(cli.exitCode()).as(c.message()).isEqualTo(ExitCodes.USAGE);
                    assertThat(cli.errLines()).as(c.message()).singleElement().asString().contains(c.message());

                    ObjectNode body = JSON.createObjectNode().put("qrels", qrels).put("production", production)
                            .put("candidate", c.candidate()).put("measure", c.measure()).put("resamples", 500);
                    if (c.latencies().length > 0) {
                        var a = body.putArray("candidateLatencies");
                        for (double v : c.latencies()) a.add(v);
                    }
                    HttpResponse<String> http = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/api/v1/ranking/contract/evaluate"))
                            .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(http.statusCode()).as(c.message()).isEqualTo(400);
                    assertThat(JSON.readTree(http.body()).at("/error/message").asText()).as(c.message()).contains(c.message());
                }
            } finally {
                server.close();
            }
        }
    }
}
