package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.testing.TestEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code assay serve} processes on one store (issue 7): a ranking monitor runs on exactly one of
 * them; when that one is killed (SIGKILL: no lease released, nothing flushed), the other takes it over
 * within a lease period, and every window is recorded in the ledger exactly once with every observation
 * counted once. Runs on SQLite (one file, two processes) and, when a PostgreSQL server is configured,
 * on PostgreSQL.
 */
class MonitorTakeoverTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MONITOR = "/api/v1/ranking/monitors/ranker/v2";

    @TempDir
    Path dir;

    final List<Process> processes = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    record Instance(Process process, URI uri) {}

    Instance serve(Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", Integer.toString(port))).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
            if (line.startsWith("listening on")) return new Instance(p, URI.create("http://127.0.0.1:" + port));
        }
        throw new AssertionError("assay serve did not start on port " + port);
    }

    HttpResponse<String> send(Instance i, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(i.uri().resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Ten queries timed in [from, from + 1 s), gains alternating -0.1 / +0.1. */
    static String batch(Instant from) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (int q = 0; q < 10; q++) {
            j.add(String.format(Locale.ROOT, "{\"time\":\"%s\",\"gain\":%.2f,\"latencyMs\":80}", from.plusMillis(q * 100L),
                    q % 2 == 0 ? -0.1 : 0.1));
        }
        return j.toString();
    }

    void run(Map<String, String> env) throws Exception {
        CliRun token = CliRun.run(env, "tokens", "create", "--role", "operator");
        assertThat(token.exitCode()).as(token.err()).isZero();
        String operator = token.out().strip();
        for (String[] cmd : new String[][] {{"models", "register", "ranker"},
                {"models", "add-version", "ranker", "v1", "--data-hash", "sha256:a", "--seed", "1", "--code-version", "git:1"},
                {"models", "add-version", "ranker", "v2", "--data-hash", "sha256:b", "--seed", "2", "--code-version", "git:2"},
                {"models", "deploy", "ranker", "v1", "--stage", "PRIMARY", "--reason", "first"},
                {"models", "deploy", "ranker", "v2", "--stage", "CANARY", "--percent", "10", "--reason", "canary"}}) {
            CliRun r = CliRun.run(env, cmd);
            assertThat(r.exitCode()).as(String.join(" ", cmd) + ": " + r.err()).isZero();
        }
        Instance a = serve(env);
        Instance b = serve(env);
        // 2 s windows, a streak that never fires, so every window is recorded and nothing is rolled back
        HttpResponse<String> defined = send(a, "POST", MONITOR, operator,
                "{\"window\":\"2s\",\"qualityStreak\":0,\"minQueries\":2,\"latencyFor\":\"1d\",\"jaccardEscalateAfter\":0}");
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
        String owner = awaitOwner(a, operator, null);
        Instance running = owner.contains("/" + a.process().pid() + "/") ? a : b;
        Instance survivor = running == a ? b : a;

        int posted = 0;
        Instant t = Instant.now();
        for (int i = 0; i < 4; i++, t = t.plusSeconds(1)) {
            awaitClock(t);
            posted += accepted(send(survivor, "POST", MONITOR + "/observations", operator, batch(t)));
        }
        running.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (int i = 0; i < 4; i++, t = t.plusSeconds(1)) {
            awaitClock(t);
            posted += accepted(send(survivor, "POST", MONITOR + "/observations", operator, batch(t)));
        }
        String next = awaitOwner(survivor, operator, owner);
        assertThat(next).contains("/" + survivor.process().pid() + "/");
        // every observation folded in once the last window with data has closed
        JsonNode state = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline) {
            state = JSON.readTree(send(survivor, "GET", MONITOR, operator, null).body());
            if (state.get("pending").asInt() == 0 && state.get("observations").asInt() == posted
                    && Instant.parse(state.at("/lastWindow/end").asText("1970-01-01T00:00:00Z")).isAfter(t)) break;
            Thread.sleep(200);
        }
        assertThat(state.get("observations").asInt()).as(state.toString()).isEqualTo(posted);
        assertThat(state.get("late").asInt()).isZero();
        // the ledger: each window once, and the counts add up to what was posted
        JsonNode page = JSON.readTree(send(survivor, "GET", "/api/v1/ledger?limit=1000", operator, null).body());
        Set<String> starts = new HashSet<>();
        int counted = 0;
        for (JsonNode e : page.get("entries")) {
            if (!e.get("kind").asText().equals("ranking.monitor.window")) continue;
            JsonNode p = e.get("payload").isTextual() ? JSON.readTree(e.get("payload").asText()) : e.get("payload");
            assertThat(starts.add(p.get("start").asText())).as("window " + p.get("start") + " recorded twice").isTrue();
            counted += p.get("observations").asInt();
        }
        assertThat(counted).isEqualTo(posted);
        survivor.process().destroy();
        survivor.process().waitFor(20, TimeUnit.SECONDS);
        CliRun verify = CliRun.run(env, "ledger", "verify");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    }

    static int accepted(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("accepted").asInt();
    }

    static void awaitClock(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) Thread.sleep(ms);
    }

    /** Waits (at most a lease period and some) until the monitor's lease is held by someone other than {@code previous}. */
    String awaitOwner(Instance i, String token, String previous) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (System.nanoTime() < deadline) {
            JsonNode s = JSON.readTree(send(i, "GET", MONITOR, token, null).body());
            String owner = s.path("runningOn").asText(null);
            if (owner != null && !owner.equals("null") && !owner.equals(previous)) return owner;
            Thread.sleep(200);
        }
        throw new AssertionError("no instance took the monitor over from " + previous);
    }

    @Test
    void sqlite_theSurvivorTakesTheMonitorOverWithoutLosingOrRepeatingAWindow() throws Exception {
        run(Map.of("ASSAY_DATA_DIR", dir.toString()));
    }

    @Test
    void postgres_theSurvivorTakesTheMonitorOverWithoutLosingOrRepeatingAWindow() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ASSAY_DATA_DIR", dir.toString());
        env.put("ASSAY_STORE_URL", TestEnvironment.freshPostgresUrl());
        run(env);
    }
}
