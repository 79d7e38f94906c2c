package dev.assay.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.Main;
import dev.assay.cli.ServeLifetime;
import dev.assay.core.time.ManualClock;
import dev.assay.server.AssayServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assay serve} in-process with alert channels and ranking monitor limits from the configuration
 * file: a monitor's alert reaches a real webhook receiver on 127.0.0.1, routed by severity.
 */
class ServeAlertingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    /** How long a test waits for the receiver before failing; delivery normally takes milliseconds. */
    static final Duration DELIVERY_WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(T0);
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Map<String, String> env;
    Receiver receiver;
    String operator;

    @BeforeEach
    void setUp() throws IOException {
        env = Map.of("ASSAY_DATA_DIR", dir.toString());
        receiver = new Receiver();
        assay("models", "register", "ranker", "--description", "search ranker");
        assay("models", "add-version", "ranker", "v1", "--data-hash", "sha256:aa", "--seed", "1", "--code-version", "git:1");
        assay("models", "add-version", "ranker", "v2", "--data-hash", "sha256:bb", "--seed", "2", "--code-version", "git:2");
        assay("models", "deploy", "ranker", "v1", "--stage", "PRIMARY", "--reason", "first");
        assay("models", "deploy", "ranker", "v2", "--stage", "CANARY", "--percent", "10", "--reason", "canary");
        operator = assay("tokens", "create", "--role", "operator", "--name", "ci").strip();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    /** A configuration with two webhooks on the receiver: {@code ops} from WARNING, {@code pager} from CRITICAL. */
    Path config(String monitorLimits) throws IOException {
        return Files.writeString(dir.resolve("assay.yaml"), """
                alerts:
                  dedupWindow: 10m
                  channels:
                    - name: ops
                      type: webhook
                      url: %s/ops
                      minSeverity: WARNING
                    - name: pager
                      type: webhook
                      url: %s/pager
                      minSeverity: CRITICAL
                monitors:
                  ranking:
                %s""".formatted(receiver.uri(), receiver.uri(), monitorLimits.indent(4)));
    }

    @Test
    void aFailingWindow_sendsTheRollbackAlertAsJsonToEveryChannelAtItsSeverity() throws Exception {
        Path cfg = config("qualityMargin: 0\nresamples: 500\nqualityStreak: 1\n");
        List<JsonNode> ops = new ArrayList<>();
        List<JsonNode> pager = new ArrayList<>();
        int exit = serve(cfg, server -> {
            closeWindow(server, "ranker", "v2", observations(q -> q % 2 == 0 ? -0.105 : 0.095, 0.9));
            ops.add(receiver.await("/ops", a -> a.at("/labels/trigger").asText().equals("quality.lcb:critical")));
            pager.add(receiver.await("/pager", a -> a.at("/labels/trigger").asText().equals("quality.lcb:critical")));
        });
        assertThat(exit).isZero();
        for (JsonNode alert : List.of(ops.get(0), pager.get(0))) {
            assertThat(alert.get("severity").asText()).isEqualTo("CRITICAL");
            assertThat(alert.get("title").asText()).isEqualTo("Rollback: ranker/v2 quality.lcb:critical");
            assertThat(alert.at("/labels/model").asText()).isEqualTo("ranker");
            assertThat(alert.at("/labels/version").asText()).isEqualTo("v2");
            assertThat(alert.at("/labels/action").asText()).isEqualTo("ROLLBACK");
            assertThat(alert.get("detail").asText()).contains("LCB");
        }
    }

    @Test
    void aWarning_reachesTheWarningChannelButNotTheCriticalOne() throws Exception {
        Path cfg = config("resamples: 500\n");
        List<JsonNode> ops = new ArrayList<>();
        int exit = serve(cfg, server -> {
            closeWindow(server, "ranker", "v2", observations(q -> 0.1, 0.2));
            ops.add(receiver.await("/ops", a -> a.get("severity").asText().equals("WARNING")));
        });
        // Stopping the server closed the alert manager, which first delivered everything queued.
        assertThat(exit).isZero();
        assertThat(ops.get(0).at("/labels/trigger").asText()).startsWith("overlap");
        assertThat(ops.get(0).get("title").asText()).isEqualTo("Ranking monitor: ranker/v2 " + ops.get(0).at("/labels/trigger").asText());
        assertThat(receiver.received("/pager")).isEmpty();
        assertThat(receiver.received("/ops")).allSatisfy(a -> assertThat(a.get("severity").asText()).isEqualTo("WARNING"));
    }

    @Test
    void aBadMonitorsSection_exits2NamingThePathAndLine() throws IOException {
        Path cfg = config("alpha: 0.7\n");
        StringWriter err = new StringWriter();
        int exit = Main.execute(new CliContext(env, new PrintWriter(new StringWriter()), new PrintWriter(err, true), clock,
                server -> { throw new AssertionError("must not serve"); }), "serve", "--port", "0", "--config", cfg.toString());
        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).isEqualTo(
                "assay: invalid configuration: 1 problem: monitors.ranking.alpha: must be in (0, 0.5), but was 0.7 (line 14)");
    }

    // ---- driving the monitor: the only part that knows the monitor routes ----

    /**
     * Posts one minute of observations to the candidate's monitor, then moves the clock past the window
     * and posts nothing, which closes the window (its alerts are fired as it closes).
     */
    void closeWindow(AssayServer server, String model, String version, String observations) {
        String path = "/api/v1/ranking/monitors/" + model + "/" + version + "/observations";
        assertThat(post(server, path, observations).statusCode()).isEqualTo(200);
        clock.set(T0.plus(Duration.ofMinutes(1)));
        assertThat(post(server, path, "[]").statusCode()).isEqualTo(200);
    }

    /** 30 queries in the first minute: gain of query q from {@code gain}, overlap {@code jaccard10}, 90 ms. */
    static String observations(java.util.function.IntToDoubleFunction gain, double jaccard10) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (int q = 0; q < 30; q++) {
            j.add(String.format(Locale.ROOT, "{\"time\":\"%s\",\"gain\":%.3f,\"latencyMs\":90,\"jaccard10\":%.2f}",
                    T0.plusSeconds(q), gain.applyAsDouble(q), jaccard10));
        }
        return j.toString();
    }

    // ---- plumbing ----

    /** What a test does while the server runs. */
    interface WhileServing {
        void run(AssayServer server) throws Exception;
    }

    /** Runs {@code assay serve --config cfg} on a free port until {@code body} is done, then stops it; the exit code. */
    int serve(Path cfg, WhileServing body) {
        StringWriter err = new StringWriter();
        Throwable[] failure = new Throwable[1];
        ServeLifetime lifetime = server -> {
            try {
                body.run(server);
            } catch (Exception | AssertionError e) {
                failure[0] = e;
            } finally {
                server.stop();
            }
        };
        int exit = Main.execute(new CliContext(env, new PrintWriter(new StringWriter()), new PrintWriter(err, true), clock, lifetime),
                "serve", "--port", "0", "--host", "127.0.0.1", "--config", cfg.toString());
        if (failure[0] instanceof AssertionError e) throw e;
        if (failure[0] != null) throw new AssertionError("while serving: " + err, failure[0]);
        assertThat(exit).as(err.toString()).isZero();
        return exit;
    }

    /** Runs one {@code assay} command with the test's clock and returns its stdout, failing on a non-zero exit. */
    String assay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new CliContext(env, new PrintWriter(out, true), new PrintWriter(err, true), clock,
                server -> { throw new AssertionError("this command does not serve"); }), args);
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    HttpResponse<String> post(AssayServer server, String path, String body) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A webhook receiver on 127.0.0.1 that answers 200 and keeps every JSON body by request path. */
    static final class Receiver implements AutoCloseable {
        record Request(String path, JsonNode body) {}

        private final HttpServer server;
        private final BlockingQueue<Request> arrivals = new LinkedBlockingQueue<>();
        private final List<Request> seen = new ArrayList<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    arrivals.add(new Request(exchange.getRequestURI().getPath(),
                            JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
                    exchange.sendResponseHeaders(200, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        /** The first body posted to {@code path} that satisfies {@code match}, waiting at most {@link #DELIVERY_WAIT}. */
        synchronized JsonNode await(String path, java.util.function.Predicate<JsonNode> match) throws InterruptedException {
            for (Request r : seen) if (r.path().equals(path) && match.test(r.body())) return r.body();
            long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
            for (long left = DELIVERY_WAIT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                Request r = arrivals.poll(left, TimeUnit.NANOSECONDS);
                if (r == null) break;
                seen.add(r);
                if (r.path().equals(path) && match.test(r.body())) return r.body();
            }
            throw new AssertionError("no matching alert at " + path + " within " + DELIVERY_WAIT + "; received " + seen);
        }

        /** Every body posted to {@code path} so far. */
        synchronized List<JsonNode> received(String path) {
            arrivals.drainTo(seen);
            return seen.stream().filter(r -> r.path().equals(path)).map(Request::body).toList();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
