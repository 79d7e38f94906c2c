package dev.assay.protocol.sla;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.classify.Source;
import dev.assay.protocol.discover.FormatDescription;
import dev.assay.protocol.discover.FormatDiscovery;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.learn.FlowFeatures;
import dev.assay.protocol.learn.LearnedModel;
import dev.assay.protocol.flow.Segment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Classifies flows under a deadline. The FAST tier (validators and port guess) runs on the caller's thread; each
 * further tier of the request's mode runs on the service's worker pool, and only when the 95th percentile of its
 * last {@value TierTimes#WINDOW} run times fits in what is left of the deadline, and only when the answer so far
 * does not rest on structural (DPI) evidence, which every later tier would put first as well. A tier that is skipped, overruns
 * (it is cancelled and its answer dropped), fails, or finds the pool full leaves the best answer known by then: a
 * cached answer of a lower mode ({@link Fallback#CACHED}), the FAST tier's ({@link Fallback#FAST_MODEL}) or the
 * tiers that finished ({@link Fallback#PARTIAL}); with nothing but Unknown in hand the result is
 * {@link Fallback#SLA_ERROR}. Answers are cached by {@link FlowKey} (the flow's content and the version) with the
 * mode that produced them; a request is served from the cache when the cached mode is at least its own.
 *
 * <p>ACCURATE adds one step after the tiers: a flow that none of them named gets the message format inferred from its
 * own messages ({@link DiscoveryResult#format()}: framing, length fields, counters, message types, fields), under the
 * same deadline rule as a tier ({@value #FORMAT_STEP}); a flow with fewer than {@value FormatDiscovery#DEFAULT_MIN_MESSAGES}
 * packets that carry payload has none, and the step does not run. When the step does not fit or overruns, the Unknown stands with fallback {@link Fallback#PARTIAL}.
 *
 * <p>Meters (Prometheus names in brackets), each tagged with the version: {@value #LATENCY}
 * [{@code assay_protocol_latency_seconds}] per mode, {@value #VIOLATIONS} [{@code assay_protocol_sla_violations_total}]
 * per mode, {@value #REQUESTS} [{@code assay_protocol_requests_total}] per mode, source and fallback, {@value #CONFIDENCE}
 * [{@code assay_protocol_confidence}] per mode, {@value #CACHE} [{@code assay_protocol_cache_requests_total}] per result
 * (hit, miss), {@value #TIER_ERRORS} [{@code assay_protocol_tier_errors_total}] per tier. {@link #stats()} keeps the
 * protocol mix and SLA compliance since the service started. Thread-safe; {@link #close()} stops the workers.
 */
public final class DiscoveryService implements Discovery, AutoCloseable {
    public static final String LATENCY = "assay.protocol.latency";
    public static final String VIOLATIONS = "assay.protocol.sla.violations";
    public static final String REQUESTS = "assay.protocol.requests";
    public static final String CONFIDENCE = "assay.protocol.confidence";
    public static final String CACHE = "assay.protocol.cache.requests";
    public static final String TIER_ERRORS = "assay.protocol.tier.errors";
    /** The name ACCURATE's format step has in {@link DiscoveryResult#tiersRun()} and {@link DiscoveryResult#tiersSkipped()}. */
    public static final String FORMAT_STEP = "format";
    /** ACCURATE's format step as the shipped versions run it: the flow's own messages, at least the usual minimum. */
    public static final Function<FlowSample, Optional<FormatDescription>> FLOW_FORMAT =
            f -> FormatDiscovery.describe("flow", List.of(f), FormatDiscovery.DEFAULT_MIN_MESSAGES);
    /** Flows whose answers the cache keeps unless the builder says otherwise. */
    public static final int DEFAULT_CACHE_SIZE = 100_000;

    /**
     * One step of classification: its name, the lowest mode that runs it, how many of the flow's first segments it
     * reads (0: all) and the classifier itself (thread-safe).
     */
    public record Tier(String name, QualityMode mode, int segments, Function<FlowSample, Classification> classify) {
        public Tier {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(classify, "classify");
            if (segments < 0) throw new IllegalArgumentException("segments must be >= 0: " + segments);
        }
    }

    private record Cached(Classification classification, QualityMode mode, int packetsUsed, Optional<FormatDescription> format) {}

    private final List<Tier> tiers;
    private final TierTimes[] times;
    private final Function<FlowSample, Optional<FormatDescription>> format;
    private final TierTimes formatTimes = new TierTimes();
    private final String version;
    private final Cache<FlowKey, Cached> cache;
    private final ThreadPoolExecutor workers;
    private final LongSupplier nanos;
    private final MeterRegistry meters;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final DiscoveryStats stats;

    private DiscoveryService(List<Tier> tiers, Function<FlowSample, Optional<FormatDescription>> format, String version, int cacheSize,
                             int threads, MeterRegistry meters, LongSupplier nanos, DiscoveryStats stats) {
        this.stats = Objects.requireNonNull(stats, "stats");
        this.format = Objects.requireNonNull(format, "format");
        if (tiers.isEmpty() || tiers.get(0).mode() != QualityMode.FAST) throw new IllegalArgumentException("the first tier must be FAST's");
        for (int i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).mode().compareTo(tiers.get(i - 1).mode()) < 0) throw new IllegalArgumentException("tiers must be in mode order");
        }
        this.tiers = List.copyOf(tiers);
        this.times = new TierTimes[tiers.size()];
        for (int i = 0; i < times.length; i++) times[i] = new TierTimes();
        this.version = Objects.requireNonNull(version, "version");
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024), r -> {
            Thread t = new Thread(r, "assay-protocol-tier-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.workers.allowCoreThreadTimeOut(true);
        this.meters = Objects.requireNonNull(meters, "meters");
        this.nanos = nanos;
        this.cacheHits = Counter.builder(CACHE).tag("result", "hit").tag("version", version)
                .description("protocol classifications answered from the cache").register(meters);
        this.cacheMisses = Counter.builder(CACHE).tag("result", "miss").tag("version", version)
                .description("protocol classifications not in the cache").register(meters);
        for (QualityMode m : QualityMode.values()) {
            Timer.builder(LATENCY).tag("mode", m.id()).tag("version", version).description("time to classify a flow, by quality mode")
                    .publishPercentileHistogram().register(meters);
            Counter.builder(VIOLATIONS).tag("mode", m.id()).tag("version", version).description("classifications that missed their deadline")
                    .register(meters);
        }
    }

    /** A service over {@code tiers} (FAST's first, then in mode order), metering into {@code meters}. */
    public static DiscoveryService create(List<Tier> tiers, String version, MeterRegistry meters) {
        return create(tiers, version, meters, new DiscoveryStats());
    }

    /** As {@link #create(List, String, MeterRegistry)}, counting into {@code stats} (which versions of a rollout share). */
    public static DiscoveryService create(List<Tier> tiers, String version, MeterRegistry meters, DiscoveryStats stats) {
        return new DiscoveryService(tiers, FLOW_FORMAT, version, DEFAULT_CACHE_SIZE, Math.max(1, Runtime.getRuntime().availableProcessors()),
                meters, System::nanoTime, stats);
    }

    /**
     * The service this build ships: the FAST tier is {@link Classifier#standard()} (the IP protocol number, the
     * structural validators, the well-known port) on the whole flow sample.
     */
    public static DiscoveryService standard(MeterRegistry meters) {
        return standard(meters, new DiscoveryStats());
    }

    /** As {@link #standard(MeterRegistry)}, counting into {@code stats}. */
    public static DiscoveryService standard(MeterRegistry meters, DiscoveryStats stats) {
        return create(List.of(new Tier("validators", QualityMode.FAST, 0, Classifier.standard()::classify)), STANDARD_VERSION, meters, stats);
    }

    /** The version of {@link #standard}'s classifier. */
    public static final String STANDARD_VERSION = "validators-1";

    /** The version of {@link #learned}'s classifier with the shipped model (its trees' digest is in {@link #contentDigest()}). */
    public static final String LEARNED_VERSION = "learned-1";

    /**
     * The two-tier service: FAST is {@link Classifier#standard()} on the whole flow sample; BALANCED (and ACCURATE)
     * add {@code model} ({@link Classifier#balanced}) on the first {@value FlowFeatures#PACKETS} segments, the packets
     * the model reads. ACCURATE has no classifying tier of its own: the model would read the same packets again; what
     * ACCURATE adds is the longer flow read from captures ({@code FlowLimits.accurate()}) and the format step for flows
     * no tier named. A structural (DPI) answer from FAST stands for every mode.
     */
    public static DiscoveryService learned(LearnedModel model, String version, MeterRegistry meters, DiscoveryStats stats) {
        Classifier balanced = Classifier.balanced(model);
        String name = "learned:" + model.provenance().dataSha256().substring(0, Math.min(12, model.provenance().dataSha256().length()));
        return create(List.of(new Tier("validators", QualityMode.FAST, 0, Classifier.standard()::classify),
                new Tier(name, QualityMode.BALANCED, FlowFeatures.PACKETS, balanced::classify)), version, meters, stats);
    }

    /** As {@link #create(List, String, MeterRegistry)} with the cache's size, the worker count and the clock given (for tests). */
    static DiscoveryService create(List<Tier> tiers, String version, int cacheSize, int threads, MeterRegistry meters, LongSupplier nanos) {
        return create(tiers, FLOW_FORMAT, version, cacheSize, threads, meters, nanos);
    }

    /** As {@link #create(List, String, int, int, MeterRegistry, LongSupplier)} with ACCURATE's format step given (for tests). */
    static DiscoveryService create(List<Tier> tiers, Function<FlowSample, Optional<FormatDescription>> format, String version, int cacheSize,
                                   int threads, MeterRegistry meters, LongSupplier nanos) {
        return new DiscoveryService(tiers, format, version, cacheSize, threads, meters, nanos, new DiscoveryStats());
    }

    /** The names of the tiers, in order. */
    public List<String> tierNames() {
        return tiers.stream().map(Tier::name).toList();
    }

    /**
     * What the version loads, as {@code sha256:<hex>} of its version and tier names (and, for a tier with a model,
     * the model's name as its tier carries it): the registry's {@code dataHash} for this version.
     */
    public String contentDigest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(version.getBytes(StandardCharsets.UTF_8));
            for (Tier t : tiers) sha.update(("\n" + t.name() + "/" + t.mode() + "/" + t.segments()).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The classifier's version, as results and meters carry it. */
    @Override
    public String version() {
        return version;
    }

    /** The protocol mix and SLA compliance since the service started. */
    @Override
    public DiscoveryStats stats() {
        return stats;
    }

    /** Classifies {@code request}'s flow within its deadline (see the class comment). */
    @Override
    public DiscoveryResult discover(DiscoveryRequest request) {
        return discover(request, true);
    }

    /**
     * As {@link #discover(DiscoveryRequest)} without reading or filling the cache: what every tier costs on this flow,
     * for comparisons between versions ({@link CanaryContract}).
     */
    public DiscoveryResult discoverUncached(DiscoveryRequest request) {
        return discover(request, false);
    }

    private DiscoveryResult discover(DiscoveryRequest request, boolean useCache) {
        long start = nanos.getAsLong();
        long deadline = start + request.deadline().toNanos();
        FlowSample flow = request.flow();
        FlowKey key = useCache ? FlowKey.of(flow, version) : null;
        Cached cached = useCache ? cache.getIfPresent(key) : null;
        if (cached != null && cached.mode().compareTo(request.mode()) >= 0) {
            cacheHits.increment();
            return finish(request, start, cached.classification(), List.of(), List.of(), Fallback.NONE, true, cached.packetsUsed(),
                    request.mode() == QualityMode.ACCURATE ? cached.format() : Optional.empty());
        }
        if (useCache) cacheMisses.increment();
        List<String> run = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        // a cached answer of a lower mode stands for the tiers up to its mode; only those above it run
        Classification best = cached == null ? null : cached.classification();
        QualityMode reached = cached == null ? null : cached.mode();
        int packetsUsed = cached == null ? 0 : cached.packetsUsed();
        boolean fromCache = cached != null;
        for (int i = 0; i < tiers.size(); i++) {
            Tier tier = tiers.get(i);
            if (tier.mode().compareTo(request.mode()) > 0) break;
            if (reached != null && tier.mode().compareTo(reached) <= 0) continue;
            FlowSample input = first(flow, tier.segments());
            Classification answer;
            if (i == 0) {
                long t0 = nanos.getAsLong();
                answer = tier.classify().apply(input);
                times[i].add(nanos.getAsLong() - t0);
            } else {
                if (best != null && best.source() == Source.DPI) break; // structural evidence: every later tier puts it first too
                long left = deadline - nanos.getAsLong();
                if (left <= times[i].p95()) {
                    skipped.add(tier.name());
                    break;
                }
                answer = runWithin(tier.name(), times[i], () -> tier.classify().apply(input), start, deadline);
                if (answer == null) {
                    skipped.add(tier.name());
                    break;
                }
            }
            run.add(tier.name());
            best = answer;
            packetsUsed = input.segments().size();
            reached = tier.mode();
            fromCache = false;
        }
        Fallback fallback = Fallback.NONE;
        Classification answer = best;
        Optional<FormatDescription> described = Optional.empty();
        QualityMode cacheAs = request.mode();
        if (!skipped.isEmpty()) {
            if (answer == null || !isKnown(answer)) {
                answer = new Classification(Classification.UNKNOWN, Source.UNKNOWN, 0, null,
                        List.of("no tier named the protocol before the deadline of " + request.deadline().toMillis() + " ms"));
                fallback = Fallback.SLA_ERROR;
            } else if (fromCache) {
                fallback = Fallback.CACHED;
            } else {
                fallback = reached == QualityMode.FAST ? Fallback.FAST_MODEL : Fallback.PARTIAL;
            }
        } else if (request.mode() == QualityMode.ACCURATE && !isKnown(answer) && messages(flow) >= FormatDiscovery.DEFAULT_MIN_MESSAGES) {
            long left = deadline - nanos.getAsLong();
            Optional<FormatDescription> found = left <= formatTimes.p95() ? null
                    : runWithin(FORMAT_STEP, formatTimes, () -> format.apply(flow), start, deadline);
            if (found == null) {
                skipped.add(FORMAT_STEP);
                fallback = Fallback.PARTIAL;
                cacheAs = QualityMode.BALANCED; // the classification is complete; ACCURATE's step is still to run
            } else {
                run.add(FORMAT_STEP);
                described = found;
                fromCache = false;
            }
        }
        if (useCache && (skipped.isEmpty() || skipped.equals(List.of(FORMAT_STEP)))) {
            // an answer on structural evidence is every mode's answer (each later tier puts it first)
            Cached now = new Cached(answer, answer.source() == Source.DPI ? QualityMode.ACCURATE : cacheAs, packetsUsed, described);
            cache.asMap().merge(key, now, (old, neu) -> old.mode().compareTo(neu.mode()) >= 0 ? old : neu);
        }
        return finish(request, start, answer, run, skipped, fallback, fromCache, packetsUsed, described);
    }

    /** Runs {@code work} on the pool within the deadline: its answer, or null when it overran, failed or found the pool full. */
    private <T> T runWithin(String name, TierTimes tierTimes, Supplier<T> work, long start, long deadline) {
        Future<T> f;
        try {
            f = workers.submit(() -> {
                if (nanos.getAsLong() >= deadline) return null; // waited in the queue past the deadline: not worth starting
                long t0 = nanos.getAsLong();
                T c = work.get();
                tierTimes.add(nanos.getAsLong() - t0);
                return c;
            });
        } catch (RejectedExecutionException e) {
            return null;
        }
        try {
            long left = deadline - nanos.getAsLong();
            return left <= 0 ? cancel(f) : f.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // an overrun counts as long as the whole request had: a request with the same deadline has less left for it
            tierTimes.add(Math.max(nanos.getAsLong() - start, tierTimes.p95()));
            return cancel(f);
        } catch (ExecutionException e) {
            meters.counter(TIER_ERRORS, "tier", name, "version", version).increment();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return cancel(f);
        }
    }

    private static <T> T cancel(Future<T> f) {
        f.cancel(true);
        return null;
    }

    private DiscoveryResult finish(DiscoveryRequest request, long start, Classification answer, List<String> run, List<String> skipped,
                                   Fallback fallback, boolean cached, int packetsUsed, Optional<FormatDescription> format) {
        long elapsed = nanos.getAsLong() - start;
        boolean met = elapsed <= request.deadline().toNanos();
        String mode = request.mode().id();
        meters.timer(LATENCY, "mode", mode, "version", version).record(elapsed, TimeUnit.NANOSECONDS);
        if (!met) meters.counter(VIOLATIONS, "mode", mode, "version", version).increment();
        Counter.builder(REQUESTS).tag("mode", mode).tag("source", answer.source().name()).tag("fallback", fallback.name()).tag("version", version)
                .description("protocol classifications, by mode, evidence source and fallback").register(meters).increment();
        DistributionSummary.builder(CONFIDENCE).tag("mode", mode).tag("version", version).description("confidence of protocol classifications")
                .publishPercentileHistogram().minimumExpectedValue(0.01).maximumExpectedValue(1.0).register(meters).record(answer.confidence());
        stats.record(answer, request.mode(), fallback, met, elapsed);
        return new DiscoveryResult(answer, request.mode(), run, skipped, fallback, cached, Duration.ofNanos(elapsed), request.deadline(), met,
                packetsUsed, version, format);
    }

    /** The flow's packets that carry payload: what format inference could read as messages. */
    private static long messages(FlowSample flow) {
        return flow.segments().stream().filter(s -> s.payload().length > 0).count();
    }

    private static boolean isKnown(Classification c) {
        return !c.label().equals(Classification.UNKNOWN);
    }

    /** The flow cut to its first {@code n} segments (all of them when {@code n} is 0 or covers them). */
    static FlowSample first(FlowSample flow, int n) {
        if (n == 0 || flow.segments().size() <= n) return flow;
        List<Segment> head = flow.segments().subList(0, n);
        return new FlowSample(flow.l4(), flow.a(), flow.b(), flow.vlan(), head, flow.packets());
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
