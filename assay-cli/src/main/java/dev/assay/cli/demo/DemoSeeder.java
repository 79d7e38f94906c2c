package dev.assay.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CoreServices;
import dev.assay.core.AssayException;
import dev.assay.core.ConflictException;
import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.monitor.MonitorInfo;
import dev.assay.core.monitor.MonitorScheduler;
import dev.assay.core.monitor.Monitors;
import dev.assay.core.registry.Deployment;
import dev.assay.core.registry.Provenance;
import dev.assay.core.registry.Registry;
import dev.assay.core.registry.Stage;
import dev.assay.core.time.ManualClock;
import dev.assay.ranking.metrics.EvalOptions;
import dev.assay.ranking.metrics.Jaccard;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.metrics.Measures;
import dev.assay.ranking.metrics.RunScores;
import dev.assay.ranking.metrics.TrecEval;
import dev.assay.ranking.monitor.MonitorConfig;
import dev.assay.ranking.monitor.MonitorSinks;
import dev.assay.ranking.monitor.RankingMonitor;
import dev.assay.ranking.monitor.RankingMonitorKind;
import dev.assay.ranking.release.GuardResult;
import dev.assay.ranking.release.ReleaseContract;
import dev.assay.ranking.release.ReleaseEvaluation;
import dev.assay.ranking.release.ReleaseRecords;
import dev.assay.ranking.release.ReleaseReport;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Fills a demo data directory from the TREC 2003 Robust track through the same core calls a user makes
 * with the CLI or HTTP: a model with two versions made from two real runs, a release contract of the
 * candidate against production recorded in the ledger, the candidate deployed as a canary with a
 * ranking monitor, and replayed canary traffic whose per-query gains are the real per-topic nDCG@10
 * differences of a worse run against production, window by window, until the monitor rolls the
 * canary back.
 *
 * <p>The runs are ranked by mean {@value #MEASURE_SPEC} over the runs answering every judged topic: the
 * best is the candidate, the median is production, the worst is what the canary's traffic replays. The
 * seeding runs on a {@link ManualClock} that starts far enough in the past for every window to have
 * closed by the time seeding ends, so the entries carry the times the replayed traffic had; it
 * advances the clock window by window, as the monitor tests do, so seeding takes seconds.
 */
final class DemoSeeder {
    /** The registered model. */
    static final String MODEL = "robust03-ranker";
    /** The measure the runs are ranked by, the release contract guards and the canary's gains are in. */
    static final String MEASURE_SPEC = ReleaseContract.DEFAULT_MEASURE;
    /** The canary's traffic share in percent. */
    static final double CANARY_PERCENT = 10;
    /** Replayed queries per monitor window: four windows cover the 100 topics once. */
    static final int QUERIES_PER_WINDOW = 25;
    /** At most this many windows are replayed (the default limits roll back after three). */
    static final int MAX_WINDOWS = 12;
    /** Gap between seeding steps on the seeding clock. */
    private static final Duration STEP = Duration.ofMinutes(1);

    /** What seeding did. */
    record Outcome(String production, String candidate, String replayed, long decisionSeq, ReleaseReport report,
                   String monitorId, long windows, boolean rolledBack, Duration took) {
        Outcome {
            Objects.requireNonNull(production, "production");
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(replayed, "replayed");
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(monitorId, "monitorId");
            Objects.requireNonNull(took, "took");
        }
    }

    /** One run with its file, registered version name and mean score. */
    private record RankedRun(Path file, String sha256, Run run, RunScores scores, double mean) {
        String version() {
            return run.runId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        }
    }

    private final Path robust03;
    private final MonitorConfig limits;
    private final Consumer<String> say;

    /** A seeder of the data in {@code robust03}, defining monitors with {@code limits}, telling what it does to {@code say}. */
    DemoSeeder(Path robust03, MonitorConfig limits, Consumer<String> say) {
        this.robust03 = Objects.requireNonNull(robust03, "robust03");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.say = Objects.requireNonNull(say, "say");
    }

    /** Seeds the store and ledger of {@code cfg}, whose last entries are timed at or before {@code now}. */
    Outcome seed(AssayConfig cfg, Instant now) {
        long t0 = System.nanoTime();
        Measure measure = Measures.parse(MEASURE_SPEC).getFirst();
        Qrels qrels = Qrels.read(robust03.resolve(SharedData.QRELS));
        List<RankedRun> runs = rank(qrels, measure);
        RankedRun candidate = runs.getFirst();
        RankedRun production = runs.get(runs.size() / 2);
        RankedRun replayed = runs.getLast();
        say.accept(String.format(Locale.ROOT, "read %d judged topics and %d complete runs from %s; by mean %s: candidate %s %.4f,"
                        + " production %s %.4f, canary traffic replays %s %.4f",
                qrels.topics().size(), runs.size(), robust03, MEASURE_SPEC, candidate.run().runId(), candidate.mean(),
                production.run().runId(), production.mean(), replayed.run().runId(), replayed.mean()));

        long windowMillis = limits.window().toMillis();
        long span = STEP.multipliedBy(6).toMillis() + windowMillis * (MAX_WINDOWS + 2);
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(floor(now.toEpochMilli() - span, windowMillis)));
        CompositeMeterRegistry meters = new CompositeMeterRegistry();
        try (CoreServices core = CoreServices.open(cfg, clock);
             AlertManager alerts = cfg.alerts().open(meters, clock)) {
            Registry registry = core.registry();
            if (registry.model(MODEL).isPresent()) {
                throw new ConflictException("the demo data directory already holds " + MODEL + " from a seeding that did not finish;"
                        + " run again with --reset to seed it afresh");
            }
            // 1. the model and its two versions, with the runs' provenance
            registry.registerModel(MODEL, "TREC 2003 Robust track rankers (demo seeded from real runs)");
            clock.advance(STEP);
            registry.registerVersion(MODEL, production.version(), provenance(production, clock));
            registry.registerVersion(MODEL, candidate.version(), provenance(candidate, clock));
            clock.advance(STEP);
            registry.deploy(MODEL, production.version(), Stage.PRIMARY, 0, "demo: production ranker " + production.run().runId());
            say.accept(String.format(Locale.ROOT, "1. registered %s: version %s (run %s, sha256 %s) as PRIMARY, candidate %s (run %s, sha256 %s)",
                    MODEL, production.version(), production.file().getFileName(), shortHash(production),
                    candidate.version(), candidate.file().getFileName(), shortHash(candidate)));

            // 2. the release contract of candidate against production, as `assay rank contract --model` records it
            clock.advance(STEP);
            ReleaseContract contract = ReleaseEvaluation.quickContract(null, null, null, null, null, null, "");
            ReleaseReport report = ReleaseEvaluation.create(clock, meters, ReleaseEvaluation.Source.CLI)
                    .evaluate(qrels, production.run(), candidate.run(), contract, new double[0],
                            production.file().getFileName().toString(), candidate.file().getFileName().toString());
            LedgerEntry decision = ReleaseRecords.record(core.ledger(), registry, MODEL, report);
            say.accept("2. release contract '" + report.contract() + "' of " + candidate.version() + " against " + production.version()
                    + ": " + report.verdict() + qualityLine(report) + "; recorded as ledger entry " + decision.seq());

            // 3. the canary and its monitor, as POST /api/v1/models/{model}/deployments and /api/v1/ranking/monitors/{model}/{version}
            clock.advance(STEP);
            registry.deploy(MODEL, candidate.version(), Stage.CANARY, CANARY_PERCENT,
                    "demo: canary after release contract " + report.verdict() + " (ledger entry " + decision.seq() + ")");
            clock.set(Instant.ofEpochMilli(floor(clock.millis(), windowMillis) + windowMillis));
            Monitors monitors = Monitors.open(core.store(), clock, List.of(new RankingMonitorKind(
                    new MonitorSinks(registry, core.ledger(), alerts, meters))));
            String id = RankingMonitorKind.id(MODEL, candidate.version());
            monitors.define(id, RankingMonitorKind.NAME, RankingMonitorKind.definition(MODEL, candidate.version(), limits));
            say.accept(String.format(Locale.ROOT, "3. deployed %s as CANARY at %.0f%%; defined the ranking monitor %s (%s windows)",
                    candidate.version(), CANARY_PERCENT, id, windowMillis % 1000 == 0 ? windowMillis / 1000 + " s" : windowMillis + " ms"));

            // 4. canary traffic: per-topic gains of the replayed run against production, window by window
            ReplayResult replay;
            try (MonitorScheduler scheduler = MonitorScheduler.create(core.store(), monitors, core.ledger(), clock,
                    "assay-demo-seeding", MonitorScheduler.DEFAULT_LEASE)) {
                replay = replay(qrels.topics(), measure, production.scores(), replayed.scores(),
                        Jaccard.perTopic(replayed.run(), production.run(), 10), clock, monitors, scheduler, registry, id,
                        candidate.version());
            }
            MonitorInfo info = monitors.get(id).orElseThrow();
            RankingMonitor.Snapshot state = RankingMonitor.Snapshot.fromJson(info.state().orElseThrow());
            say.accept(String.format(Locale.ROOT, "4. replayed %d windows of %d canary queries (gain = %s of %s minus production per topic,"
                            + " Jaccard@10 against production): %d windows closed; %s",
                    replay.windows(), QUERIES_PER_WINDOW, MEASURE_SPEC, replayed.run().runId(), state.windows(),
                    replay.rolledBack() ? "the monitor rolled " + candidate.version() + " back: " + state.rollbackReason()
                            : "the monitor did not roll back within " + MAX_WINDOWS + " windows (its limits did not fire)"));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            return new Outcome(production.version(), candidate.version(), replayed.run().runId(), decision.seq(), report, id,
                    state.windows(), replay.rolledBack(), took);
        }
    }

    private record ReplayResult(int windows, boolean rolledBack) {}

    /**
     * Replays up to {@link #MAX_WINDOWS} windows of {@link #QUERIES_PER_WINDOW} queries, the topics in turn: each query's gain is
     * {@code worse} minus {@code prod} on its topic. Each window is ingested, the clock moved to its end and the scheduler
     * ticked, which closes it; stops once the registry shows {@code version} retired.
     */
    private static ReplayResult replay(List<String> topics, Measure measure, RunScores prod, RunScores worse,
                                       Jaccard.TopicOverlaps overlaps, ManualClock clock, Monitors monitors,
                                       MonitorScheduler scheduler, Registry registry, String id, String version) {
        MonitorInfo info = monitors.get(id).orElseThrow();
        long windowMillis = RankingMonitorKind.limits(info.definition()).window().toMillis();
        int next = 0;
        for (int w = 0; w < MAX_WINDOWS; w++) {
            long start = floor(clock.millis(), windowMillis);
            List<JsonNode> batch = new ArrayList<>(QUERIES_PER_WINDOW);
            for (int q = 0; q < QUERIES_PER_WINDOW; q++, next++) {
                String topic = topics.get(next % topics.size());
                double gain = worse.value(measure, topic) - prod.value(measure, topic);
                ObjectNode o = JsonNodeFactory.instance.objectNode()
                        .put("time", Instant.ofEpochMilli(start + q * windowMillis / QUERIES_PER_WINDOW).toString())
                        .put("gain", gain);
                int at = overlaps.topics().indexOf(topic);
                if (at >= 0) o.put("jaccard10", overlaps.values()[at]);
                batch.add(o);
            }
            clock.set(Instant.ofEpochMilli(start + windowMillis - 1));
            monitors.ingest(id, batch);
            clock.set(Instant.ofEpochMilli(start + windowMillis));
            scheduler.tick();
            if (retired(registry, version)) return new ReplayResult(w + 1, true);
        }
        return new ReplayResult(MAX_WINDOWS, false);
    }

    private static boolean retired(Registry registry, String version) {
        return registry.deployments(MODEL).stream()
                .filter(d -> d.version().equals(version)).map(Deployment::stage).anyMatch(s -> s == Stage.RETIRED);
    }

    /** The complete runs (answering every judged topic) ranked by mean {@code measure}, best first; at least three. */
    private List<RankedRun> rank(Qrels qrels, Measure measure) {
        List<Path> files;
        try (Stream<Path> s = Files.list(robust03.resolve(SharedData.RUNS))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new AssayException("cannot list " + robust03.resolve(SharedData.RUNS) + ": " + e.getMessage(), e);
        }
        List<RankedRun> runs = new ArrayList<>();
        for (Path f : files) {
            Run run = Run.read(f);
            RunScores scores = TrecEval.evaluate(qrels, run, List.of(measure), EvalOptions.defaults());
            if (scores.commonTopics() < qrels.topics().size()) continue;
            runs.add(new RankedRun(f, Hashing.sha256Hex(f), run, scores, scores.mean(measure).orElseThrow()));
        }
        if (runs.size() < 3) {
            throw new InvalidInputException("the demo needs at least three runs answering every judged topic in "
                    + robust03.resolve(SharedData.RUNS) + ", but found " + runs.size());
        }
        runs.sort(Comparator.comparingDouble(RankedRun::mean).reversed().thenComparing(r -> r.file().getFileName().toString()));
        return runs;
    }

    private static Provenance provenance(RankedRun r, ManualClock clock) {
        ObjectNode config = JsonNodeFactory.instance.objectNode()
                .put("runFile", r.file().getFileName().toString())
                .put("runId", r.run().runId())
                .put("sha256", r.sha256())
                .put("source", "TREC 2003 Robust track (NIST), via trectools examples");
        return new Provenance(config, "sha256:" + r.sha256(), 0, "trec-2003-robust:" + r.run().runId(),
                clock.instant());
    }

    private static String shortHash(RankedRun r) {
        return r.sha256().substring(0, 12) + "...";
    }

    private static String qualityLine(ReleaseReport report) {
        for (GuardResult g : report.guards()) {
            if (g instanceof GuardResult.Quality q) {
                return String.format(Locale.ROOT, " (mean delta %+.4f, one-sided lower bound %+.4f, %d topics)",
                        q.estimate(), q.lower(), q.samples());
            }
        }
        return "";
    }

    private static long floor(long millis, long window) {
        return Math.floorDiv(millis, window) * window;
    }
}
