package dev.assay.protocol.sla;

import dev.assay.core.registry.Deployment;
import dev.assay.core.registry.Registry;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.flow.FlowSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * Whether a candidate classifier version may replace the primary: both classify the same labelled flows (uncached,
 * in alternating order, after a warm-up pass), and the candidate passes when its per-flow latency p95 is within
 * {@value #MAX_LATENCY_RATIO}x of the primary's and it names at least as many flows correctly. {@link #apply}
 * promotes a passing candidate through the registry and rolls back a failing one, with the figures as the reason.
 */
public final class CanaryContract {
    /** The largest candidate / primary ratio of per-flow latency p95 that passes. */
    public static final double MAX_LATENCY_RATIO = 1.2;

    private CanaryContract() {}

    /** A flow and the protocol it is known to carry (as nDPI spells it; compared by master protocol). */
    public record LabelledFlow(FlowSample flow, String label) {
        public LabelledFlow {
            Objects.requireNonNull(flow, "flow");
            Objects.requireNonNull(label, "label");
        }

        String master() {
            int dot = label.indexOf('.');
            return dot < 0 ? label : label.substring(0, dot);
        }
    }

    public enum Verdict { PROMOTE, ROLLBACK }

    /** Both versions' figures on the same flows, and the verdict with its reason in words. */
    public record Report(String primary, String candidate, String mode, int flows, int primaryCorrect, int candidateCorrect,
                         long primaryP95Nanos, long candidateP95Nanos, double latencyRatio, boolean latencyOk, boolean accuracyOk,
                         Verdict verdict, String reason) {}

    /** Compares {@code candidate} with {@code primary} on {@code flows} in {@code mode}; {@code progress} hears each flow done. */
    public static Report evaluate(DiscoveryService primary, DiscoveryService candidate, List<LabelledFlow> flows, QualityMode mode,
                                  IntConsumer progress) {
        if (flows.isEmpty()) throw new IllegalArgumentException("no labelled flows to compare the versions on");
        for (LabelledFlow f : flows) { // warm-up: both versions' code paths compiled before anything is timed
            primary.discoverUncached(DiscoveryRequest.of(f.flow(), mode));
            candidate.discoverUncached(DiscoveryRequest.of(f.flow(), mode));
        }
        long[] pTimes = new long[flows.size()];
        long[] cTimes = new long[flows.size()];
        int pCorrect = 0;
        int cCorrect = 0;
        for (int i = 0; i < flows.size(); i++) {
            LabelledFlow f = flows.get(i);
            DiscoveryResult p;
            DiscoveryResult c;
            if (i % 2 == 0) {
                p = primary.discoverUncached(DiscoveryRequest.of(f.flow(), mode));
                c = candidate.discoverUncached(DiscoveryRequest.of(f.flow(), mode));
            } else {
                c = candidate.discoverUncached(DiscoveryRequest.of(f.flow(), mode));
                p = primary.discoverUncached(DiscoveryRequest.of(f.flow(), mode));
            }
            pTimes[i] = p.elapsed().toNanos();
            cTimes[i] = c.elapsed().toNanos();
            if (correct(p.classification(), f)) pCorrect++;
            if (correct(c.classification(), f)) cCorrect++;
            progress.accept(i + 1);
        }
        long pP95 = p95(pTimes);
        long cP95 = p95(cTimes);
        double ratio = pP95 == 0 ? (cP95 == 0 ? 1 : Double.POSITIVE_INFINITY) : (double) cP95 / pP95;
        boolean latencyOk = ratio <= MAX_LATENCY_RATIO;
        boolean accuracyOk = cCorrect >= pCorrect;
        List<String> why = new ArrayList<>();
        why.add(String.format("latency p95 %.1f us vs %.1f us (x%.2f, at most x%.1f)%s", cP95 / 1e3, pP95 / 1e3, ratio, MAX_LATENCY_RATIO,
                latencyOk ? "" : ": too slow"));
        why.add(String.format("correct on %d of %d labelled flows vs %d%s", cCorrect, flows.size(), pCorrect, accuracyOk ? "" : ": worse"));
        Verdict verdict = latencyOk && accuracyOk ? Verdict.PROMOTE : Verdict.ROLLBACK;
        return new Report(primary.version(), candidate.version(), mode.id(), flows.size(), pCorrect, cCorrect, pP95, cP95, ratio, latencyOk,
                accuracyOk, verdict, "candidate " + candidate.version() + " against primary " + primary.version() + ": " + String.join("; ", why));
    }

    /**
     * Promotes the candidate or rolls it back as the report says, through the registry (a ledger entry either way);
     * returns the classifier's deployments after.
     */
    public static List<Deployment> apply(Registry registry, Report report) {
        if (report.verdict() == Verdict.PROMOTE) registry.promote(ProtocolRollout.MODEL, report.candidate(), report.reason());
        else registry.rollback(ProtocolRollout.MODEL, report.candidate(), report.reason());
        return registry.deployments(ProtocolRollout.MODEL);
    }

    private static boolean correct(Classification c, LabelledFlow f) {
        return !c.label().equals(Classification.UNKNOWN) && c.master().equals(f.master());
    }

    static long p95(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[Math.max(0, (int) Math.ceil(0.95 * s.length) - 1)];
    }
}
