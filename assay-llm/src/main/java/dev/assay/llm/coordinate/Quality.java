package dev.assay.llm.coordinate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where quality in [0, 1] comes from: a {@link Scorer} scoring each reply on its own, or a {@link Judge} comparing
 * replies in pairs. With a judge, the coordinated reply is compared with the baseline's (both qualities are their
 * scores in that comparison) and each solo reply with the coordinated one (its quality is its score there).
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

    /** Quality from pairwise comparisons by {@code judge}. */
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

    /** Qualities of one run's replies. */
    record Grades(double coordinated, double baseline, double[] solos, long judgeCalls) {}

    Grades grade(Task task, String coordinated, String baseline, List<String> solos) {
        double[] s = new double[solos.size()];
        if (judge == null) {
            for (int i = 0; i < s.length; i++) s[i] = checked(scorer.score(task, solos.get(i)));
            return new Grades(checked(scorer.score(task, coordinated)), checked(scorer.score(task, baseline)), s, 0);
        }
        Judge.Comparison vsBaseline = judge.compare(task, coordinated, baseline);
        long calls = vsBaseline.calls();
        for (int i = 0; i < s.length; i++) {
            Judge.Comparison c = judge.compare(task, solos.get(i), coordinated);
            s[i] = c.firstScore();
            calls += c.calls();
        }
        return new Grades(vsBaseline.firstScore(), vsBaseline.secondScore(), s, calls);
    }

    private double checked(double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalStateException("scorer " + scorer.name() + " returned " + q + ", outside [0, 1]");
        return q;
    }
}
