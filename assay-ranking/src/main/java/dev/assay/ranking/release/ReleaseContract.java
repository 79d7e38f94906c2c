package dev.assay.ranking.release;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A named set of guards with the resampling budget and seed that make its evaluation reproducible. */
public record ReleaseContract(String name, int resamples, long seed, List<Guard> guards) {
    // The defaults of every way a release contract is given: a contract file, rank contract's options, the HTTP body.
    /** Name of a contract that gives none. */
    public static final String DEFAULT_NAME = "release";
    /** Bootstrap / randomization resamples when none are given. */
    public static final int DEFAULT_RESAMPLES = 10_000;
    /** Seed of the resampling when none is given. */
    public static final long DEFAULT_SEED = 1L;
    /** Measure of the one-guard contract when none is given. */
    public static final String DEFAULT_MEASURE = "ndcg_cut.10";
    /** Quality method when none is given, as written in files and options (a {@link QualityMethod} name in lower case). */
    public static final String DEFAULT_METHOD = "bootstrap_bca";
    /** One-sided level of a quality guard when none is given. */
    public static final double DEFAULT_ALPHA = 0.05;
    /** Non-inferiority margin of a quality guard when none is given. */
    public static final double DEFAULT_MARGIN = 0.0;
    /** Fewest paired topics of a quality guard when none is given. */
    public static final int DEFAULT_MIN_TOPICS = 5;

    public ReleaseContract {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("contract name must not be blank");
        if (resamples < 100 || resamples > 1_000_000)
            throw new IllegalArgumentException("resamples must be in 100..1000000, but was " + resamples);
        guards = List.copyOf(Objects.requireNonNull(guards, "guards"));
        if (guards.isEmpty()) throw new IllegalArgumentException("a release contract needs at least one guard");
        Set<String> names = new HashSet<>();
        for (Guard g : guards)
            if (!names.add(g.name())) throw new IllegalArgumentException("guard names must be unique, but '" + g.name() + "' repeats");
    }

    /** The one-guard contract of {@code assay rank contract} without a contract file. */
    public static ReleaseContract qualityOnly(String measure, QualityMethod method, double alpha, double margin,
                                              int resamples, long seed) {
        return new ReleaseContract("quality-" + measure, resamples, seed,
                List.of(new Guard.Quality("quality", measure, null, method, alpha, margin, DEFAULT_MIN_TOPICS)));
    }
}
