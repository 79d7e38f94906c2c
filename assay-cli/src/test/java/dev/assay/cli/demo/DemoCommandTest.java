package dev.assay.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliContext;
import dev.assay.cli.CliRun;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.Main;
import dev.assay.cli.ServeLifetime;
import dev.assay.core.Hashing;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.registry.Deployment;
import dev.assay.core.registry.ModelVersion;
import dev.assay.core.registry.Stage;
import dev.assay.core.testing.TestEnvironment;
import dev.assay.server.AssayServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assay demo} in-process on 127.0.0.1, port 0: seeding a fresh demo directory from the shared
 * TREC 2003 Robust data (two versions with provenance, the release decision, the canary, its monitor's
 * windows and the rollback, all in a ledger that verifies), not seeding twice, and starting empty,
 * saying so, without the shared data.
 */
class DemoCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern TOKEN = Pattern.compile("assay_[A-Za-z0-9_-]+");

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One demo run: exit code, stdout, stderr and what a request made while serving answered. */
    record Demo(int exit, String out, String err, List<String> answers) {}

    /** Runs {@code assay args...} in-process; while it serves, GETs each of {@code paths} with the printed token, then stops it. */
    Demo demo(Map<String, String> env, List<String> paths, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> answers = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        ServeLifetime lifetime = server -> {
            try {
                Matcher m = TOKEN.matcher(out.toString());
                if (!m.find()) throw new AssertionError("no token printed before serving: " + out);
                for (String p : paths) answers.add(get(server, p, m.group()));
            } catch (Exception | AssertionError e) {
                failure[0] = e;
            } finally {
                server.stop();
            }
        };
        int exit = Main.execute(new CliContext(env, new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC(), lifetime),
                args);
        if (failure[0] instanceof AssertionError e) throw e;
        if (failure[0] != null) throw new AssertionError("while serving: " + err, failure[0]);
        return new Demo(exit, out.toString(), err.toString(), answers);
    }

    String get(AssayServer server, String path, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    static List<String> args(Path dir, Path shared, String... more) {
        List<String> a = new ArrayList<>(List.of("demo", "--data-dir", dir.toString(), "--shared-data", shared.toString(),
                "--host", "127.0.0.1", "--port", "0"));
        a.addAll(List.of(more));
        return a;
    }

    static Map<String, Long> kinds(List<LedgerEntry> entries) {
        return entries.stream().collect(Collectors.groupingBy(LedgerEntry::kind, Collectors.counting()));
    }

    static List<LedgerEntry> ledger(CoreServices core) {
        return core.ledger().page(0, 10_000);
    }

    static CoreServices open(Path dir) {
        return CoreServices.open(AssayConfig.load(null, Map.of(), Map.of("dataDir", dir.toString())), Clock.systemUTC());
    }

    @Test
    void seedsTheDemoFromTheSharedData_aSecondRunServesItWithoutSeedingAgain_andResetSeedsItAfresh() throws IOException {
        Path shared = TestEnvironment.sharedData();
        Path dir = tmp.resolve("demo");
        Demo first = demo(Map.of(), List.of("/api/v1/ranking/monitors", "/api/v1/ledger/verify"),
                args(dir, shared).toArray(String[]::new));
        assertThat(first.exit()).as(first.err()).isEqualTo(ExitCodes.OK);
        assertThat(first.out()).contains("1. registered robust03-ranker", "2. release contract", "3. deployed", "4. replayed",
                "seeded in ", "listening on http://127.0.0.1:");
        Matcher took = Pattern.compile("seeded in ([0-9.]+) s").matcher(first.out());
        assertThat(took.find()).isTrue();
        System.out.println("NOTICE: demo seeding took " + took.group(1) + " s");
        // while serving, the monitor and a verifying ledger were there over HTTP
        assertThat(JSON.readTree(first.answers().get(0)).get("monitors")).hasSize(1);
        assertThat(JSON.readTree(first.answers().get(1)).get("valid").asBoolean()).isTrue();

        Map<String, Long> afterFirst;
        try (CoreServices core = open(dir)) {
            List<ModelVersion> versions = core.registry().versions(DemoSeeder.MODEL);
            assertThat(versions).hasSize(2);
            for (ModelVersion v : versions) {
                Path run = shared.resolve("ranking/robust03/runs").resolve(v.provenance().config().get("runFile").asText());
                assertThat(v.provenance().dataHash()).isEqualTo("sha256:" + Hashing.sha256Hex(run));
                assertThat(v.provenance().config().get("sha256").asText()).isEqualTo(Hashing.sha256Hex(run));
            }
            Map<String, Deployment> deployed = core.registry().deployments(DemoSeeder.MODEL).stream()
                    .collect(Collectors.toMap(Deployment::version, Function.identity()));
            List<LedgerEntry> entries = ledger(core);
            afterFirst = kinds(entries);
            // the release decision, PASS, for the candidate against production
            LedgerEntry decision = entries.stream().filter(e -> e.kind().equals("ranking.release.decision")).findFirst().orElseThrow();
            JsonNode payload = JSON.readTree(decision.payload());
            assertThat(payload.get("verdict").asText()).isEqualTo("PASS");
            assertThat(payload.get("model").asText()).isEqualTo(DemoSeeder.MODEL);
            // the canary was deployed, then rolled back by its monitor; production stayed primary
            String canaryReason = entries.stream().filter(e -> e.kind().equals("registry.deployment.changed"))
                    .map(LedgerEntry::payload).filter(p -> p.contains("\"CANARY\"")).findFirst().orElseThrow();
            String candidate = JSON.readTree(canaryReason).get("version").asText();
            assertThat(deployed.get(candidate).stage()).isEqualTo(Stage.RETIRED);
            assertThat(deployed.values()).filteredOn(d -> d.stage() == Stage.PRIMARY).singleElement()
                    .satisfies(d -> assertThat(d.version()).isNotEqualTo(candidate));
            assertThat(afterFirst.get("registry.deployment.rolled-back")).isEqualTo(1L);
            assertThat(afterFirst.get("ranking.monitor.window")).isGreaterThanOrEqualTo(2L);
            assertThat(entries).filteredOn(e -> e.kind().equals("ranking.monitor.trigger"))
                    .anySatisfy(e -> assertThat(e.payload()).contains("\"rollback\":\"rolled_back\""));
        }
        CliRun verify = CliRun.run(Map.of("ASSAY_DATA_DIR", dir.toString()), "ledger", "verify");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();

        Demo second = demo(Map.of(), List.of(), args(dir, shared).toArray(String[]::new));
        assertThat(second.exit()).as(second.err()).isEqualTo(ExitCodes.OK);
        assertThat(second.out()).contains("already seeded").doesNotContain("1. registered");
        try (CoreServices core = open(dir)) {
            assertThat(core.registry().versions(DemoSeeder.MODEL)).hasSize(2);
            Map<String, Long> afterSecond = kinds(ledger(core));
            for (String kind : List.of("registry.model.registered", "registry.version.registered", "ranking.release.decision",
                    "registry.deployment.changed", "registry.deployment.rolled-back")) {
                assertThat(afterSecond.get(kind)).as(kind).isEqualTo(afterFirst.get(kind));
            }
        }

        Demo reset = demo(Map.of(), List.of(), args(dir, shared, "--reset").toArray(String[]::new));
        assertThat(reset.exit()).as(reset.err()).isEqualTo(ExitCodes.OK);
        assertThat(reset.out()).contains("1. registered robust03-ranker").contains("seeded in ");
        try (CoreServices core = open(dir)) {
            Map<String, Long> afterReset = kinds(ledger(core));
            assertThat(afterReset.get("ranking.release.decision")).isEqualTo(1L);
            assertThat(afterReset.get("registry.deployment.rolled-back")).isEqualTo(1L);
        }
    }

    @Test
    void withoutTheSharedData_saysSoInOneLineAndServesAnEmptyDemo() throws IOException {
        Path missing = tmp.resolve("no-shared-data");
        Path dir = tmp.resolve("demo");
        Demo d = demo(Map.of(), List.of("/api/v1/models"), args(dir, missing).toArray(String[]::new));
        assertThat(d.exit()).as(d.err()).isEqualTo(ExitCodes.OK);
        List<String> notice = d.err().lines().filter(l -> l.startsWith("assay: no shared data")).toList();
        assertThat(notice).singleElement().asString()
                .contains(missing.resolve("ranking/robust03/robust03_qrels.txt").toAbsolutePath().toString())
                .contains("from --shared-data").contains("--shared-data DIR").contains("ASSAY_SHARED_DATA").contains("starting the demo empty");
        assertThat(d.out()).doesNotContain("seeded").contains("listening on http://127.0.0.1:");
        assertThat(JSON.readTree(d.answers().get(0)).get("models")).isEmpty();
        assertThat(dir.resolve(DemoDirectory.MARKER)).exists();
    }

    @Test
    void serveDemo_isTheDemoInItsOwnDirectory() {
        Path dir = tmp.resolve("via-serve");
        Demo d = demo(Map.of("ASSAY_SHARED_DATA", tmp.resolve("none").toString(), "ASSAY_DATA_DIR", tmp.resolve("real").toString()),
                List.of(), "serve", "--demo", "--data-dir", dir.toString(), "--host", "127.0.0.1", "--port", "0");
        assertThat(d.exit()).as(d.err()).isEqualTo(ExitCodes.OK);
        assertThat(d.err()).contains("assay: no shared data found").contains("from ASSAY_SHARED_DATA");
        assertThat(dir.resolve(DemoDirectory.MARKER)).exists();
        assertThat(dir.resolve("assay.db")).exists();
        assertThat(tmp.resolve("real")).doesNotExist();
    }

    @Test
    void refusesADirectoryItDidNotMake_andLeavesItAlone() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("real-data"));
        Files.writeString(dir.resolve("assay.db"), "not mine");
        CliRun r = CliRun.run(Map.of(), "demo", "--data-dir", dir.toString(), "--reset", "--port", "0");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().startsWith("assay: ").contains(dir.toString()).contains("not made by 'assay demo'");
        assertThat(dir.resolve("assay.db")).hasContent("not mine");
    }
}
