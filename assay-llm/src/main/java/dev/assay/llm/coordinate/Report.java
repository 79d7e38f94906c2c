package dev.assay.llm.coordinate;

import java.util.List;

/**
 * Every task's report and the overall figures: the mean over tasks of the per-task means, intervals from resampling
 * tasks (a task whose gamma is undefined is left out of gamma).
 */
public record Report(List<TaskReport> tasks, Estimate gamma, Estimate omega, Estimate consensus, long coordinatedCalls, long soloCalls,
                     long baselineCalls, long savedCalls, long judgeCalls) {
    public Report {
        tasks = List.copyOf(tasks);
    }

    /** Baseline model calls avoided by the cache as a fraction of the baseline calls needed without it (0 when none were needed). */
    public double savedFraction() {
        long needed = baselineCalls + savedCalls;
        return needed == 0 ? 0 : (double) savedCalls / needed;
    }

    static Report of(List<TaskReport> tasks, long seed) {
        double[] g = tasks.stream().mapToDouble(t -> t.gamma().mean()).toArray();
        double[] o = tasks.stream().mapToDouble(t -> t.omega().mean()).toArray();
        double[] c = tasks.stream().mapToDouble(t -> t.consensus().mean()).toArray();
        return new Report(tasks, Estimate.of(g, seed - 1), Estimate.of(o, seed - 2), Estimate.of(c, seed - 3),
                tasks.stream().mapToLong(TaskReport::coordinatedCalls).sum(), tasks.stream().mapToLong(TaskReport::soloCalls).sum(),
                tasks.stream().mapToLong(TaskReport::baselineCalls).sum(),
                tasks.stream().mapToLong(TaskReport::savedCalls).sum(), tasks.stream().mapToLong(TaskReport::judgeCalls).sum());
    }
}
