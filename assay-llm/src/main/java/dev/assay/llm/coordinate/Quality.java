package dev.assay.llm.coordinate;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where quality in [0, 1] comes from: a {@link Scorer} scoring each reply on its own, or a {@link Judge}
 * {@link Judge#rate rating} each reply on its own. Either way every reply (the team's, each baseline's, each single
 * agent's) is graded alone by the same instructions, so their qualities are on one scale and gamma's ratio and
 * omega's difference compare like with like. A reply's quality does not depend on which other replies it is compared
 * with.
 */
public final class Quality {
    private final Scorer scorer;
    private final Judge judge;

    private Quality(Scorer scorer, Judge judge) {
        this.scorer = scorer;
        this.judge = judge;
    }

    /** Quality from {@code scorer}. */
    public static Quality of(Scorer scorer) {
        return new Quality(Objects.requireNonNull(scorer, "scorer"), null);
    }

    /** Quality from ratings by {@code judge}. */
    public static Quality of(Judge judge) {
        return new Quality(null, Objects.requireNonNull(judge, "judge"));
    }

    /** The judge, when quality comes from one. */
    public Optional<Judge> judge() {
        return Optional.ofNullable(judge);
    }

    /** The scorer's name or the judge's version. */
    public String version() {
        return judge != null ? judge.version() : "scorer/" + scorer.name();
    }

    /** Grades replies to {@code task}; identical texts are graded once (the judge rates at temperature 0). */
    Grading grading(Task task) {
        return new Grading(Objects.requireNonNull(task, "task"));
    }

    /** The grades of one task's replies, and the judge calls they took. Not thread-safe. */
    final class Grading {
        private final Task task;
        private final Map<String, Double> graded = new HashMap<>();
        private long judgeCalls;

        private Grading(Task task) {
            this.task = task;
        }

        /** The quality of {@code reply}, in [0, 1]. */
        double of(String reply) {
            Double known = graded.get(reply);
            if (known != null) return known;
            double q;
            if (judge != null) {
                Judge.Rating r = judge.rate(task, reply);
                judgeCalls += r.calls();
                q = r.score();
            } else {
                q = scorer.score(task, reply);
                if (!(q >= 0 && q <= 1)) throw new IllegalStateException("scorer " + scorer.name() + " returned " + q + ", outside [0, 1]");
            }
            graded.put(reply, q);
            return q;
        }

        /** Judge calls made grading so far. */
        long judgeCalls() {
            return judgeCalls;
        }
    }
}
