package dev.assay.llm.coordinate;

import java.util.List;
import java.util.Objects;

/**
 * What the repeats of one task measured.
 *
 * @param task                the task
 * @param repeats             each repeat, in order
 * @param meanBaselineQuality the baselines' mean quality over the repeats (gamma's denominator)
 * @param gamma               coordinated quality / mean baseline quality
 * @param omega               coordinated quality - best single agent's quality
 * @param consensus           pairwise agreement of the agents' final answers
 * @param coordinatedCalls    model calls the team's strategy made (what the baselines match)
 * @param soloCalls           model calls made only to have every agent's own answer ({@link Strategy#soloCalls})
 * @param baselineCalls       model calls the baselines made
 * @param savedCalls          model calls baselines taken from the cache did not make
 * @param judgeCalls          judge calls (grading and best-of-n picks), apart from every model call above
 */
public record TaskReport(Task task, List<Repeat> repeats, double meanBaselineQuality, Estimate gamma, Estimate omega, Estimate consensus,
                         long coordinatedCalls, long soloCalls, long baselineCalls, long savedCalls, long judgeCalls) {
    public TaskReport {
        Objects.requireNonNull(task, "task");
        repeats = List.copyOf(repeats);
    }

    /**
     * One repeat.
     *
     * @param run                the team's run
     * @param baseline           the baseline it was compared with
     * @param baselineFromCache  whether that baseline came from the cache
     * @param coordinatedQuality quality of the team's reply
     * @param baselineQuality    quality of the baseline's reply
     * @param soloQualities      quality of each agent's own answer ({@link CoordinatedRun#solos}), in team order
     * @param consensus          consensus of the agents' final answers
     * @param judgeCalls         judge calls of this repeat
     */
    public record Repeat(CoordinatedRun run, Baseline.Run baseline, boolean baselineFromCache, double coordinatedQuality, double baselineQuality,
                         List<Double> soloQualities, double consensus, long judgeCalls) {
        public Repeat {
            soloQualities = List.copyOf(soloQualities);
            if (soloQualities.isEmpty()) throw new IllegalArgumentException("a repeat needs at least one single agent's quality");
        }

        /** The best single agent's quality. */
        public double bestSoloQuality() {
            return soloQualities.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }

        /** Coordinated quality minus the best single agent's. */
        public double omega() {
            return coordinatedQuality - bestSoloQuality();
        }
    }

    static TaskReport of(Task task, List<Repeat> repeats, long coordinated, long soloCalls, long baselineCalls, long saved, long seed) {
        int k = repeats.size();
        double meanBaseline = repeats.stream().mapToDouble(Repeat::baselineQuality).average().orElseThrow();
        double[] gamma = new double[k];
        double[] omega = new double[k];
        double[] consensus = new double[k];
        long judge = 0;
        for (int i = 0; i < k; i++) {
            Repeat r = repeats.get(i);
            gamma[i] = meanBaseline > 0 ? r.coordinatedQuality() / meanBaseline : Double.NaN;
            omega[i] = r.omega();
            consensus[i] = r.consensus();
            judge += r.judgeCalls();
        }
        return new TaskReport(task, repeats, meanBaseline, Estimate.of(gamma, seed), Estimate.of(omega, seed + 1), Estimate.of(consensus, seed + 2),
                coordinated, soloCalls, baselineCalls, saved, judge);
    }
}
