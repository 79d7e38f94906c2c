package dev.assay.cli.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.cli.report.PngFigures;
import dev.assay.core.InvalidInputException;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.progress.Progress;
import dev.assay.core.store.Store;
import dev.assay.core.telemetry.Telemetry;
import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import dev.assay.protocol.labels.NdpiFlow;
import dev.assay.protocol.sla.DiscoveryService;
import dev.assay.protocol.sla.LoadPattern;
import dev.assay.protocol.sla.QualityMode;
import dev.assay.server.AssayServer;
import dev.assay.server.protocol.ProtocolModule;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code assay protocol bench CAPTURE...}: an open-loop load run against the protocol service's classify route, from
 * the first payload of every flow of the captures, with a report and a plot of latency over the run.
 */
@Command(name = "bench", description = "Load the protocol service's classify route (POST /api/v1/protocol/classify) over loopback with the first "
        + "payload of every flow of the captures, in an open loop: each request goes out at its scheduled time whether or "
        + "not earlier ones were answered, and its latency counts from that time. The offered rate follows a pattern: "
        + "constant, ramp-up (a tenth of the rate to all of it), spike (half the rate, four times it in the middle tenth) "
        + "or wave (three periods of +-80%%). The run stops at --seconds or --max-requests, whichever comes first. "
        + "Without --url the command starts the service itself on 127.0.0.1 (an ephemeral port and a temporary data "
        + "directory), so client and service share this process. It prints latency percentiles, throughput, SLA "
        + "compliance, fallbacks, resource use and, with --labels, accuracy per protocol against nDPI's expected results; "
        + "it writes report.json and latency.png (latency over the run) to --out.",
        footer = {ExitCodes.EXAMPLE,
                "  assay protocol bench --pattern spike --rate 300 --seconds 20 captures/*.pcap",
                "  assay protocol bench --url http://127.0.0.1:8080 --token $VIEWER \\",
                "      --labels ndpi/result ndpi/pcap/*.pcap",
                ExitCodes.HELP,
                Captures.HELP_OK,
                Captures.HELP_OK_CUT,
                "  2   bad usage, a capture that cannot be read (not a capture, a broken record,",
                "      a link type none of its packets can be decoded in), no flow with a",
                "      payload, or the service refused every request",
                ExitCodes.HELP_INTERNAL})
public final class BenchCommand implements Callable<Integer> {
    /** The longest run the command accepts, seconds. */
    static final int MAX_SECONDS = 600;

    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "Capture files (pcap or pcapng) whose flows' first payloads are sent")
    List<Path> files;

    @Option(names = "--url", paramLabel = "URL", description = "The running service, e.g. http://127.0.0.1:8080 (default: start one in this process)")
    URI url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token (viewer or above) for --url; default: env ASSAY_TOKEN")
    String token;

    @Option(names = "--pattern", defaultValue = "constant", paramLabel = "PATTERN", description = "constant, ramp-up, spike or wave")
    String pattern;

    @Option(names = "--rate", defaultValue = "200", paramLabel = "R", description = "Nominal offered rate, requests per second")
    double rate;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S", description = "Length of the run, 1.." + MAX_SECONDS + "")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "3", paramLabel = "S",
            description = "Seconds of constant load at the nominal rate before the run, not counted (0..60)")
    int warmupSeconds;

    @Option(names = "--max-requests", defaultValue = "20000", paramLabel = "N", description = "At most this many requests")
    int maxRequests;

    @Option(names = "--mode", defaultValue = "fast", paramLabel = "MODE", description = "Quality mode asked for: fast, balanced or accurate")
    String mode;

    @Option(names = "--deadline-ms", paramLabel = "MS", description = "Deadline per request (default: the mode's, 50 / 200 / 1000 ms)")
    Long deadlineMs;

    @Option(names = "--concurrency", defaultValue = "32", paramLabel = "N",
            description = "Requests in flight at most, 1..1024; keep it below the service's connections per address (server.maxConnectionsPerAddress, 64 by default)")
    int concurrency;

    @Option(names = "--labels", paramLabel = "DIR", description = "nDPI expected results (<capture name>.out) to score accuracy per protocol against")
    Path labels;

    @Option(names = "--out", defaultValue = "protocol-bench", paramLabel = "DIR", description = "Where report.json and latency.png go")
    Path out;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    /** One request to send: the body, and nDPI's label of its flow when known. */
    record Planned(String body, String expected) {}

    /** What came back for one request. */
    record Outcome(long scheduledNanos, long latencyNanos, int status, String label, boolean slaMet, String fallback, double serviceMs,
                   int flow, String expected) {}

    @Override
    public Integer call() throws Exception {
        CliContext ctx = CliContext.of(spec);
        LoadPattern load = LoadPattern.parse(pattern);
        QualityMode quality = ProtocolServices.mode(mode);
        if (seconds < 1 || seconds > MAX_SECONDS) throw new InvalidInputException("--seconds must be in 1.." + MAX_SECONDS + ", but was " + seconds);
        if (warmupSeconds < 0 || warmupSeconds > 60)
            throw new InvalidInputException("--warmup-seconds must be in 0..60, but was " + warmupSeconds);
        if (concurrency < 1 || concurrency > 1024) throw new InvalidInputException("--concurrency must be in 1..1024, but was " + concurrency);
        if (deadlineMs != null && (deadlineMs < 1 || deadlineMs > 60_000))
            throw new InvalidInputException("--deadline-ms must be in 1..60000, but was " + deadlineMs);
        if (labels != null && !Files.isDirectory(labels)) throw new InvalidInputException("--labels " + labels + ": no such directory");
        if (url != null && !("http".equals(url.getScheme()) || "https".equals(url.getScheme())))
            throw new InvalidInputException("--url must be an http or https URL, but was '" + url + "'");
        long[] schedule = load.schedule(rate, Duration.ofSeconds(seconds), maxRequests);
        if (schedule.length == 0) throw new InvalidInputException("the run holds no request: raise --rate or --seconds");

        List<Planned> planned = new ArrayList<>();
        int status = readCaptures(ctx, quality, planned);
        if (planned.isEmpty()) {
            if (status != ExitCodes.OK) return status; // the unreadable captures were named
            ctx.err().println("assay: no flow of the captures carries a payload to send");
            return ExitCodes.USAGE;
        }
        ctx.err().printf(Locale.ROOT, "%d flows with a payload from %d captures; %d requests planned (%s at %.0f/s for %d s)%n", planned.size(),
                files.size(), schedule.length, load.id(), rate, seconds);
        ctx.err().flush();

        Path tempData = null;
        AssayServer server = null;
        String bearer;
        URI target;
        try {
            if (url == null) {
                tempData = Files.createTempDirectory("assay-bench");
                AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0",
                        "dataDir", tempData.toString(), "server.shutdownGrace", "2s"));
                Store store = config.store().open();
                Telemetry telemetry = Telemetry.create();
                TokenService tokens = TokenService.create(store, Clock.systemUTC());
                bearer = tokens.create("bench", Role.VIEWER).secret();
                DiscoveryService service = ProtocolServices.open(telemetry.registry());
                server = AssayServer.builder(config, telemetry, tokens).module(new ProtocolModule(service))
                        .closeOnStop(service).closeOnStop(telemetry).closeOnStop(store).build().start();
                target = URI.create("http://127.0.0.1:" + server.port() + ProtocolModule.CLASSIFY);
            } else {
                bearer = token != null ? token : ctx.env().get("ASSAY_TOKEN");
                if (bearer == null || bearer.isBlank())
                    throw new InvalidInputException("--url needs a token: pass --token or set ASSAY_TOKEN (a viewer token from 'assay tokens create')");
                target = url.resolve(ProtocolModule.CLASSIFY);
            }
            if (warmupSeconds > 0) {
                ctx.err().printf(Locale.ROOT, "warming up: %d s at %.0f/s, not counted%n", warmupSeconds, rate);
                ctx.err().flush();
                run(ctx, target, bearer, planned, LoadPattern.CONSTANT.schedule(rate, Duration.ofSeconds(warmupSeconds), maxRequests), "warming up");
            }
            Run run = run(ctx, target, bearer, planned, schedule, "sending requests");
            if (run.outcomes.stream().noneMatch(o -> o.status == 200)) {
                ctx.err().println("assay: the service answered no request with 200 (" + statusMix(run.outcomes)
                    + (firstError.get() == null ? "" : "; first failure: " + firstError.get()) + ")");
                return ExitCodes.USAGE;
            }
            ObjectNode report = report(load, quality, run, schedule.length, server != null);
            Files.createDirectories(out);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Files.writeString(out.resolve("report.json"), json.writeValueAsString(report) + "\n");
            Files.write(out.resolve("latency.png"), PngFigures.png(plot(load, run)));
            print(ctx.out(), report);
            ctx.out().println("wrote " + out.resolve("report.json") + " and " + out.resolve("latency.png"));
            ctx.out().flush();
            return status;
        } finally {
            if (server != null) server.stop();
            if (tempData != null) deleteTree(tempData);
        }
    }

    private int readCaptures(CliContext ctx, QualityMode quality, List<Planned> planned) {
        return Captures.read(ctx, files, progress.progress(ctx), FlowLimits.defaults(), file -> {
            Map<String, String> expected = labels == null ? Map.of() : Captures.labels(labels, file, NdpiFlow::master).orElse(Map.of());
            return flow -> {
                String body = body(flow, quality);
                if (body != null) planned.add(new Planned(body, expected.get(Captures.key(flow))));
            };
        });
    }

    /** The classify request for a flow's first payload (sent by whichever end spoke first), or null without one. */
    private String body(FlowSample flow, QualityMode quality) {
        if (flow.l4() != Transport.TCP && flow.l4() != Transport.UDP) return null;
        for (Segment s : flow.segments()) {
            if (s.payload().length == 0) continue;
            boolean fromA = s.direction() == Direction.A_TO_B;
            byte[] payload = s.payload().length > ProtocolModule.MAX_PAYLOAD ? java.util.Arrays.copyOf(s.payload(), ProtocolModule.MAX_PAYLOAD) : s.payload();
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("payload", Base64.getEncoder().encodeToString(payload));
            o.put("transport", flow.l4().name());
            o.put("clientPort", (fromA ? flow.a() : flow.b()).port());
            o.put("serverPort", (fromA ? flow.b() : flow.a()).port());
            o.put("mode", quality.id());
            if (deadlineMs != null) o.put("deadlineMs", deadlineMs);
            return o.toString();
        }
        return null;
    }

    /** The outcomes of a run with its wall time, and the resources this process used meanwhile. */
    record Run(List<Outcome> outcomes, long wallNanos, long lateSends, double cpuSeconds, long heapPeakBytes) {}

    private Run run(CliContext ctx, URI target, String bearer, List<Planned> planned, long[] schedule, String taskName)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "assay-bench-client");
            t.setDaemon(true);
            return t;
        });
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).executor(pool).build();
        Semaphore inFlight = new Semaphore(concurrency);
        List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>(schedule.length));
        AtomicLong heapPeak = new AtomicLong();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long cpu0 = cpuNanos();
        long late = 0;
        ObjectMapper json = new ObjectMapper();
        Duration timeout = Duration.ofMillis(Math.max(5_000, (deadlineMs == null ? 1_000 : deadlineMs) * 5));
        Progress shown = progress.progress(ctx);
        long start = System.nanoTime();
        try (var task = shown.start(taskName, schedule.length)) {
            List<CompletableFuture<?>> pending = new ArrayList<>(schedule.length);
            for (int i = 0; i < schedule.length; i++) {
                long due = start + schedule[i];
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                if (!inFlight.tryAcquire()) {
                    late++; // the client is saturated: the request goes out late, and its latency still counts from its time
                    inFlight.acquire();
                } else if (System.nanoTime() - due > 10_000_000L) {
                    late++;
                }
                if ((i & 63) == 0) heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                int flow = i % planned.size();
                Planned p = planned.get(flow);
                long scheduled = schedule[i];
                HttpRequest request = HttpRequest.newBuilder(target).timeout(timeout).header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(p.body())).build();
                pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, error) -> {
                    long latency = System.nanoTime() - due;
                    inFlight.release();
                    task.step(1);
                    outcomes.add(outcome(json, scheduled, latency, r, error, flow, p.expected()));
                    return null;
                }));
            }
            for (CompletableFuture<?> f : pending) f.join();
        } finally {
            pool.shutdownNow();
        }
        long wall = System.nanoTime() - start;
        heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        List<Outcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingLong(Outcome::scheduledNanos));
        return new Run(sorted, wall, late, (cpuNanos() - cpu0) / 1e9, heapPeak.get());
    }

    private Outcome outcome(ObjectMapper json, long scheduled, long latency, HttpResponse<String> r, Throwable error, int flow,
                                   String expected) {
        if (error != null || r == null) {
            Throwable cause = error;
            while (cause != null && cause.getCause() != null && cause.getMessage() == null) cause = cause.getCause();
            if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) cause = cause.getCause();
            firstError.compareAndSet(null, cause == null ? "no response" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
            return new Outcome(scheduled, latency, 0, null, false, null, Double.NaN, flow, expected);
        }
        if (r.statusCode() != 200) return new Outcome(scheduled, latency, r.statusCode(), null, false, null, Double.NaN, flow, expected);
        try {
            JsonNode n = json.readTree(r.body());
            return new Outcome(scheduled, latency, 200, n.path("label").asText(null), n.path("slaMet").asBoolean(false),
                    n.path("fallback").asText(null), n.path("elapsedMs").asDouble(Double.NaN), flow, expected);
        } catch (IOException e) {
            return new Outcome(scheduled, latency, -1, null, false, null, Double.NaN, flow, expected);
        }
    }

    /** The first transport failure of this command's run, in words, for the report. */
    private final java.util.concurrent.atomic.AtomicReference<String> firstError = new java.util.concurrent.atomic.AtomicReference<>();

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private ObjectNode report(LoadPattern load, QualityMode quality, Run run, int plannedRequests, boolean inProcess) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode r = f.objectNode();
        r.put("pattern", load.id());
        r.put("rate", rate);
        r.put("seconds", seconds);
        r.put("mode", quality.id());
        r.put("deadlineMs", deadlineMs != null ? deadlineMs : quality.defaultDeadline().toMillis());
        r.put("service", inProcess ? "in-process (127.0.0.1)" : url.toString());
        r.put("concurrency", concurrency);
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("loadAverage", Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0);
        List<Outcome> ok = run.outcomes.stream().filter(o -> o.status == 200).toList();
        ObjectNode req = r.putObject("requests");
        req.put("planned", plannedRequests);
        req.put("answered", ok.size());
        req.put("failed", run.outcomes.size() - ok.size());
        req.put("lateSends", run.lateSends);
        ObjectNode failures = req.putObject("failures");
        statusCounts(run.outcomes).forEach((k, v) -> { if (!k.equals("200")) failures.put(k, v); });
        if (firstError.get() != null) req.put("firstTransportFailure", firstError.get());
        ObjectNode tp = r.putObject("throughput");
        tp.put("offeredPerSecond", round(plannedRequests / (double) seconds));
        tp.put("answeredPerSecond", round(ok.size() / (run.wallNanos / 1e9)));
        tp.put("wallSeconds", round(run.wallNanos / 1e9));
        r.set("latencyMs", percentiles(run.outcomes.stream().mapToLong(Outcome::latencyNanos).toArray()));
        r.set("serviceMs", percentiles(ok.stream().filter(o -> !Double.isNaN(o.serviceMs)).mapToLong(o -> Math.round(o.serviceMs * 1e6)).toArray()));
        ObjectNode sla = r.putObject("sla");
        long met = ok.stream().filter(Outcome::slaMet).count();
        sla.put("met", met);
        sla.put("missed", ok.size() - met);
        sla.put("compliance", ok.isEmpty() ? 0 : round(met / (double) ok.size()));
        ObjectNode fallbacks = r.putObject("fallbacks");
        new TreeMap<>(ok.stream().collect(java.util.stream.Collectors.groupingBy(o -> String.valueOf(o.fallback), java.util.stream.Collectors.counting())))
                .forEach(fallbacks::put);
        ObjectNode res = r.putObject("resources");
        res.put("scope", inProcess ? "client and service (one process)" : "client only");
        res.put("cpuSeconds", round(run.cpuSeconds));
        res.put("coresBusy", round(run.cpuSeconds / (run.wallNanos / 1e9)));
        res.put("heapPeakMiB", round(run.heapPeakBytes / 1048576.0));
        ArrayNode acc = r.putArray("accuracy");
        Map<String, long[]> perProtocol = new TreeMap<>();
        java.util.Set<Integer> scored = new java.util.HashSet<>();
        for (Outcome o : ok) {
            if (o.expected == null || !scored.add(o.flow)) continue; // each flow once, however often it was sent
            long[] c = perProtocol.computeIfAbsent(o.expected, k -> new long[3]);
            String master = o.label == null ? "Unknown" : o.label.contains(".") ? o.label.substring(0, o.label.indexOf('.')) : o.label;
            if (master.equals("Unknown")) c[2]++;
            else if (master.equalsIgnoreCase(o.expected)) c[0]++;
            else c[1]++;
        }
        perProtocol.forEach((p, c) -> {
            ObjectNode row = acc.addObject();
            row.put("protocol", p);
            row.put("flows", c[0] + c[1] + c[2]);
            row.put("correct", c[0]);
            row.put("wrong", c[1]);
            row.put("unknown", c[2]);
        });
        return r;
    }

    private static Map<String, Long> statusCounts(List<Outcome> outcomes) {
        Map<String, Long> m = new TreeMap<>();
        for (Outcome o : outcomes) m.merge(o.status == 0 ? "no answer" : o.status == -1 ? "unreadable answer" : String.valueOf(o.status), 1L, Long::sum);
        return m;
    }

    private static String statusMix(List<Outcome> outcomes) {
        StringBuilder s = new StringBuilder();
        statusCounts(outcomes).forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(k).append(": ").append(v));
        return s.toString();
    }

    private static ObjectNode percentiles(long[] nanos) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (nanos.length == 0) return o;
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        for (long n : nanos) h.recordValue(Math.max(1, Math.min(n, h.getHighestTrackableValue())));
        o.put("p50", round(h.getValueAtPercentile(50) / 1e6));
        o.put("p95", round(h.getValueAtPercentile(95) / 1e6));
        o.put("p99", round(h.getValueAtPercentile(99) / 1e6));
        o.put("max", round(h.getMaxValue() / 1e6));
        o.put("min", round(h.getMinValue() / 1e6));
        return o;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void print(PrintWriter out, ObjectNode r) {
        JsonNode req = r.get("requests");
        JsonNode lat = r.get("latencyMs");
        JsonNode tp = r.get("throughput");
        out.printf(Locale.ROOT, "%s load at %s/s for %s s, mode %s, deadline %s ms, against %s%n", r.get("pattern").asText(), r.get("rate").asText(),
                r.get("seconds").asText(), r.get("mode").asText(), r.get("deadlineMs").asText(), r.get("service").asText());
        out.printf(Locale.ROOT, "requests: %d planned, %d answered, %d failed, %d sent late; %.1f/s offered, %.1f/s answered%n",
                req.get("planned").asLong(), req.get("answered").asLong(), req.get("failed").asLong(), req.get("lateSends").asLong(),
                tp.get("offeredPerSecond").asDouble(), tp.get("answeredPerSecond").asDouble());
        if (!req.get("failures").isEmpty()) out.println("failures: " + req.get("failures"));
        out.printf(Locale.ROOT, "latency from the scheduled time, ms: p50 %.3f  p95 %.3f  p99 %.3f  max %.3f%n", lat.get("p50").asDouble(),
                lat.get("p95").asDouble(), lat.get("p99").asDouble(), lat.get("max").asDouble());
        JsonNode svc = r.get("serviceMs");
        if (svc.has("p95"))
            out.printf(Locale.ROOT, "time inside the classifier, ms: p50 %.3f  p95 %.3f  p99 %.3f%n", svc.get("p50").asDouble(), svc.get("p95").asDouble(),
                    svc.get("p99").asDouble());
        JsonNode sla = r.get("sla");
        out.printf(Locale.ROOT, "SLA: %d met, %d missed (compliance %.3f); fallbacks %s%n", sla.get("met").asLong(), sla.get("missed").asLong(),
                sla.get("compliance").asDouble(), r.get("fallbacks"));
        JsonNode res = r.get("resources");
        out.printf(Locale.ROOT, "resources (%s): %.2f CPU s, %.2f cores busy, heap peak %.1f MiB; machine: %d cores, load %.2f%n",
                res.get("scope").asText(), res.get("cpuSeconds").asDouble(), res.get("coresBusy").asDouble(), res.get("heapPeakMiB").asDouble(),
                r.get("cores").asInt(), r.get("loadAverage").asDouble());
        if (!r.get("accuracy").isEmpty()) {
            out.println("accuracy of the first payload's label against nDPI's, per flow answered:");
            out.printf(Locale.ROOT, "  %-20s %8s %8s %8s %8s%n", "protocol", "flows", "correct", "wrong", "unknown");
            for (JsonNode row : r.get("accuracy"))
                out.printf(Locale.ROOT, "  %-20s %8d %8d %8d %8d%n", row.get("protocol").asText(), row.get("flows").asLong(), row.get("correct").asLong(),
                        row.get("wrong").asLong(), row.get("unknown").asLong());
        }
    }

    /** Latency of every request against its scheduled time (log scale), the p95 per second, and the deadline. */
    private JFreeChart plot(LoadPattern load, Run run) {
        XYSeries points = new XYSeries("request latency", false, true);
        XYSeries p95 = new XYSeries("p95 per second", false, true);
        Map<Long, List<Long>> perSecond = new TreeMap<>();
        int stride = Math.max(1, run.outcomes.size() / 20_000); // at most 20,000 points drawn
        for (int i = 0; i < run.outcomes.size(); i++) {
            Outcome o = run.outcomes.get(i);
            double ms = Math.max(0.001, o.latencyNanos / 1e6);
            if (i % stride == 0) points.add(o.scheduledNanos / 1e9, ms);
            perSecond.computeIfAbsent(o.scheduledNanos / 1_000_000_000L, k -> new ArrayList<>()).add(o.latencyNanos);
        }
        perSecond.forEach((s, l) -> {
            l.sort(null);
            p95.add(s + 0.5, Math.max(0.001, l.get(Math.min(l.size() - 1, (int) Math.ceil(0.95 * l.size()) - 1)) / 1e6));
        });
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(points);
        data.addSeries(p95);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShapesVisible(0, true);
        renderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-1.5, -1.5, 3, 3));
        renderer.setSeriesLinesVisible(1, true);
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        NumberAxis x = new NumberAxis("seconds into the run (" + load.id() + " load)");
        LogarithmicAxis y = new LogarithmicAxis("latency, ms (log scale)");
        y.setAllowNegativesFlag(false);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        long deadline = deadlineMs != null ? deadlineMs : QualityMode.parse(mode).defaultDeadline().toMillis();
        ValueMarker m = new ValueMarker(deadline, new Color(0x222222), new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        m.setLabel("deadline " + deadline + " ms");
        m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(m);
        // the deadline stays in view even when every request was far below it
        double top = Math.max(deadline * 1.5, run.outcomes.stream().mapToLong(Outcome::latencyNanos).max().orElse(1) / 1e6 * 1.2);
        double bottom = Math.max(0.001, run.outcomes.stream().mapToLong(Outcome::latencyNanos).min().orElse(1_000) / 1e6 / 1.5);
        y.setRange(bottom, top);
        JFreeChart chart = PngFigures.styled(new JFreeChart("Protocol classify latency over the run", JFreeChart.DEFAULT_TITLE_FONT, plot, true));
        renderer.setSeriesPaint(0, new Color(0x4C72B0)); // the theme's paints replaced; points blue, the p95 line red
        renderer.setSeriesPaint(1, new Color(0xC44E52));
        return chart;
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file the service still holds open: the temporary directory's owner can remove it
                }
            });
        } catch (IOException e) {
            // the directory is temporary; leaving it is harmless
        }
    }
}
