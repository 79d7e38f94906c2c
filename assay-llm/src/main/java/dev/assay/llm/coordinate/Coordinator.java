package dev.assay.llm.coordinate;

import dev.assay.core.InvalidInputException;
import dev.assay.core.progress.Progress;
import dev.assay.models.chat.ChatClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Measures what coordination buys on tasks. Each task is run {@code repeats} times; each repeat runs the team under
 * the strategy, then the compute-matched baseline (as many model calls as the team's strategy made; from the cache
 * when an identical baseline is kept), and grades the team's answer, the baseline's and every agent's own answer, each
 * on its own by the same {@link Quality} (one scale). Per repeat:
 * <ul>
 *   <li>gamma = coordinated quality / mean baseline quality over the task's repeats (undefined when that mean is 0);
 *   <li>omega = coordinated quality - the best quality among the agents' own answers ({@link CoordinatedRun#solos});
 *   <li>consensus = the fraction of pairs of agents whose final answers agree ({@link Answers#consensus}).
 * </ul>
 * Each task reports the mean of each metric over its repeats with a 95% bootstrap interval; the overall figures are
 * the mean over tasks of the per-task means, with the interval from resampling tasks. Baselines are kept in
 * {@code baselineSamples} slots per task (repeat r uses slot r mod samples): with a cache, a task's repeats reuse
 * that many baselines and later runs of the same configuration reuse them all until they expire.
 */
public final class Coordinator {
    private final Caller caller;
    private final List<AgentSpec> agents;
    private final Strategy strategy;
    private final Baseline baseline;
    private final Quality quality;
    private final BaselineCache cache;
    private final Config config;

    /**
     * How many times and how measured.
     *
     * @param repeats         runs per task, at least 1
     * @param baselineSamples distinct baselines per task, 1 to {@code repeats}
     * @param agreement       how agents' final answers are judged to agree
     * @param seed            seed of the bootstrap intervals
     */
    public record Config(int repeats, int baselineSamples, Answers.Agreement agreement, long seed) {
        /** Most repeats per task. */
        public static final int MAX_REPEATS = 1_000;

        public Config {
            if (repeats < 1 || repeats > MAX_REPEATS) throw new InvalidInputException("repeats must be 1 to " + MAX_REPEATS + ", but was " + repeats);
            if (baselineSamples < 1 || baselineSamples > repeats)
                throw new InvalidInputException("baseline samples must be 1 to the number of repeats (" + repeats + "), but was " + baselineSamples);
            Objects.requireNonNull(agreement, "agreement");
        }
    }

    private Coordinator(ChatClient client, List<AgentSpec> agents, Strategy strategy, Baseline baseline, Quality quality, BaselineCache cache,
                        Config config) {
        this.caller = new Caller(client);
        this.agents = List.copyOf(agents);
        if (this.agents.size() < Strategy.MIN_AGENTS)
            throw new InvalidInputException("a team needs at least " + Strategy.MIN_AGENTS + " agents, but has " + this.agents.size());
        if (this.agents.stream().map(AgentSpec::name).distinct().count() != this.agents.size())
            throw new InvalidInputException("agents' names must differ");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.baseline = Objects.requireNonNull(baseline, "baseline");
        this.quality = Objects.requireNonNull(quality, "quality");
        if (baseline.kind() == Baseline.Kind.BEST_OF_N && quality.judge().isEmpty())
            throw new InvalidInputException("a best-of-n baseline needs a judge to pick the best sample");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A coordinator asking models through {@code client}. */
    public static Coordinator create(ChatClient client, List<AgentSpec> agents, Strategy strategy, Baseline baseline, Quality quality,
                                     BaselineCache cache, Config config) {
        return new Coordinator(client, agents, strategy, baseline, quality, cache, config);
    }

    /** Model calls one coordinated run makes (and so each baseline). */
    public long callsPerRun() {
        return strategy.calls(agents.size());
    }

    /** Runs every task, stepping {@code progress} once per repeat. */
    public Report run(List<Task> tasks, Progress progress) {
        if (tasks.isEmpty()) throw new InvalidInputException("there are no tasks to run");
        List<TaskReport> reports = new ArrayList<>(tasks.size());
        try (Progress.Task p = progress.start("coordination runs", (long) tasks.size() * config.repeats())) {
            for (int t = 0; t < tasks.size(); t++) reports.add(runTask(tasks.get(t), config.seed() + t, p));
        }
        return Report.of(reports, config.seed());
    }

    private TaskReport runTask(Task task, long seed, Progress.Task progress) {
        int k = config.repeats();
        List<TaskReport.Repeat> repeats = new ArrayList<>(k);
        long coordinated = 0;
        long soloCalls = 0;
        long baselineCalls = 0;
        long saved = 0;
        String judgeVersion = quality.judge().map(Judge::version).orElse("none");
        Quality.Grading grading = quality.grading(task);
        for (int r = 0; r < k; r++) {
            CoordinatedRun run = Strategies.run(strategy, caller, task, agents);
            coordinated += run.calls();
            soloCalls += run.soloCalls();
            String key = BaselineCache.key(baseline, task, run.calls(), judgeVersion, r % config.baselineSamples());
            boolean[] made = new boolean[1];
            Baseline.Run base = cache.get(key, () -> {
                made[0] = true;
                return baseline.run(caller, task, run.calls(), quality.judge());
            });
            if (made[0]) baselineCalls += base.calls();
            else saved += base.calls();
            long gradingBefore = grading.judgeCalls();
            double team = grading.of(run.answer());
            double base0 = grading.of(base.answer());
            List<Double> solos = run.solos().stream().map(a -> grading.of(a.reply())).toList();
            long judgeCalls = grading.judgeCalls() - gradingBefore + (made[0] ? base.judgeCalls() : 0);
            repeats.add(new TaskReport.Repeat(run, base, !made[0], team, base0, solos, Answers.consensus(run.finalReplies(), config.agreement()),
                    judgeCalls));
            progress.step(1);
        }
        return TaskReport.of(task, repeats, coordinated, soloCalls, baselineCalls, saved, seed);
    }
}
