package dev.assay.protocol.sla;

import dev.assay.protocol.classify.Classification;
import java.util.EnumMap;
import org.HdrHistogram.Histogram;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts since a service started: flows per label (the protocol mix; at most {@value #MAX_LABELS} labels, the rest
 * counted as {@code (other)}), per evidence source, and per mode the requests, those that met their deadline and
 * the fallbacks taken. Thread-safe.
 */
public final class DiscoveryStats {
    static final int MAX_LABELS = 500;

    /** One mode's figures: requests, those that met their deadline, the fallbacks taken and latency percentiles in microseconds. */
    public record ModeFigures(long requests, long slaMet, Map<String, Long> fallbacks, long p50Micros, long p95Micros, long p99Micros,
                              long maxMicros) {
        /** Share of requests that met their deadline (1 with none). */
        public double compliance() {
            return requests == 0 ? 1.0 : (double) slaMet / requests;
        }
    }

    /** A copy of the counts. */
    public record Snapshot(long flows, Map<String, Long> labels, Map<String, Long> sources, Map<String, ModeFigures> modes) {}

    private long flows;
    private final Map<String, Long> labels = new TreeMap<>();
    private final Map<String, Long> sources = new TreeMap<>();
    private final Map<QualityMode, long[]> modes = new EnumMap<>(QualityMode.class);
    private final Map<QualityMode, Map<String, Long>> fallbacks = new EnumMap<>(QualityMode.class);
    private final Map<QualityMode, Histogram> latency = new EnumMap<>(QualityMode.class);

    synchronized void record(Classification c, QualityMode mode, Fallback fallback, boolean met, long elapsedNanos) {
        latency.computeIfAbsent(mode, k -> new Histogram(60_000_000L, 2)).recordValue(Math.min(60_000_000L, Math.max(0, elapsedNanos / 1000)));
        flows++;
        String label = labels.containsKey(c.label()) || labels.size() < MAX_LABELS ? c.label() : "(other)";
        labels.merge(label, 1L, Long::sum);
        sources.merge(c.source().name(), 1L, Long::sum);
        long[] m = modes.computeIfAbsent(mode, k -> new long[2]);
        m[0]++;
        if (met) m[1]++;
        fallbacks.computeIfAbsent(mode, k -> new TreeMap<>()).merge(fallback.name(), 1L, Long::sum);
    }

    public synchronized Snapshot snapshot() {
        Map<String, ModeFigures> byMode = new LinkedHashMap<>();
        for (QualityMode m : QualityMode.values()) {
            long[] v = modes.getOrDefault(m, new long[2]);
            Histogram h = latency.get(m);
            byMode.put(m.id(), new ModeFigures(v[0], v[1], Map.copyOf(fallbacks.getOrDefault(m, Map.of())),
                    h == null ? 0 : h.getValueAtPercentile(50), h == null ? 0 : h.getValueAtPercentile(95),
                    h == null ? 0 : h.getValueAtPercentile(99), h == null ? 0 : h.getMaxValue()));
        }
        return new Snapshot(flows, new TreeMap<>(labels), new TreeMap<>(sources), byMode);
    }
}
