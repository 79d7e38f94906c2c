package dev.assay.llm.coordinate;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A compute-matched baseline: one agent alone, given as many model calls as the coordinated run made, all spent on
 * independent samples of the task, then one answer chosen from them.
 *
 * @param kind  how the answer is chosen
 * @param agent the single agent that samples
 */
public record Baseline(Kind kind, AgentSpec agent) {
    public Baseline {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(agent, "agent");
    }

    /** How a baseline picks its answer among its samples. */
    public enum Kind {
        /** The majority of the samples' normalised final answers (self-consistency, Wang et al. 2023); no judge calls. */
        SELF_CONSISTENCY,
        /** The judge's pick: a knockout in sample order, a tie keeping the earlier sample; 2 (n - 1) judge calls. */
        BEST_OF_N
    }

    /**
     * One baseline run.
     *
     * @param answer     the chosen sample
     * @param samples    every sample, in order
     * @param calls      model calls made (the samples)
     * @param judgeCalls judge calls made choosing
     */
    public record Run(Kind kind, String answer, List<String> samples, long calls, long judgeCalls) {
        public Run {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(answer, "answer");
            samples = List.copyOf(samples);
        }
    }

    /** Draws {@code calls} samples of {@code task} and picks one. */
    Run run(Caller caller, Task task, long calls, Optional<Judge> judge) {
        if (calls < 1) throw new InvalidInputException("a baseline needs at least one call, but was given " + calls);
        if (kind == Kind.BEST_OF_N && judge.isEmpty()) throw new InvalidInputException("a best-of-n baseline needs a judge to pick the best sample");
        List<String> samples = new ArrayList<>();
        for (long i = 0; i < calls; i++) samples.add(caller.ask(agent, Prompts.solo(task)));
        return switch (kind) {
            case SELF_CONSISTENCY -> new Run(kind, samples.get(Answers.majority(samples)), samples, calls, 0);
            case BEST_OF_N -> {
                Judge j = judge.get();
                String best = samples.getFirst();
                long judgeCalls = 0;
                for (int i = 1; i < samples.size(); i++) {
                    Judge.Comparison c = j.compare(task, best, samples.get(i));
                    judgeCalls += c.calls();
                    if (c.winner() == Judge.Winner.SECOND) best = samples.get(i);
                }
                yield new Run(kind, best, samples, calls, judgeCalls);
            }
        };
    }
}
