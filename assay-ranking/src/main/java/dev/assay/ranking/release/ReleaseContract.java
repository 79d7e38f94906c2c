package dev.assay.ranking.release;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A named set of guards with the resampling budget and seed that make its evaluation reproducible. */
public record ReleaseContract(String name, int resamples, long seed, List<Guard> guards) {
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
                List.of(new Guard.Quality("quality", measure, null, method, alpha, margin, 5)));
    }
}
