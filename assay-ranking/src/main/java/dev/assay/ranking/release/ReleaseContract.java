package dev.assay.ranking.release;

import dev.assay.core.InvalidInputException;
import dev.assay.core.document.Document;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.metrics.Measures;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named set of guards with the resampling budget and seed that make its evaluation reproducible,
 * and the named slices of topics its quality guards may restrict to.
 */
public record ReleaseContract(String name, int resamples, long seed, List<Guard> guards, Map<String, Set<String>> slices) {
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
        Map<String, Set<String>> copy = new LinkedHashMap<>(); // slice and topic order as given
        Objects.requireNonNull(slices, "slices").forEach((s, topics) -> copy.put(s, Collections.unmodifiableSet(new LinkedHashSet<>(topics))));
        slices = Collections.unmodifiableMap(copy);
    }

    /** A contract without slices. */
    public ReleaseContract(String name, int resamples, long seed, List<Guard> guards) {
        this(name, resamples, seed, guards, Map.of());
    }

    /**
     * Reads a UTF-8 contract file (YAML or JSON): {@code name}, {@code resamples}, {@code seed},
     * {@code guards} (each with {@code name}, {@code type}: quality | latency | tail_ratio | overlap |
     * calibration, and that type's fields) and optional {@code slices} (slice name to a list of topics).
     * Absent settings take the {@code DEFAULT_*} constants here and of each {@link Guard}. Every problem
     * in a file is reported at once with its path and line, as one {@link dev.assay.core.document.InvalidDocumentException}.
     */
    public static ReleaseContract read(Path file) {
        return ReleaseContractReader.read(Document.read(file, "contract file", file.toString()));
    }

    /** Parses a contract as {@link #read(Path)} does; {@code source} names the text in errors. */
    public static ReleaseContract parse(String text, String source) {
        return ReleaseContractReader.read(Document.parse(text, source));
    }

    /** The one-guard contract of {@code assay rank contract} without a contract file. */
    public static ReleaseContract qualityOnly(Measure measure, QualityMethod method, double alpha, double margin,
                                              int resamples, long seed) {
        return new ReleaseContract("quality-" + measure.spec(), resamples, seed,
                List.of(new Guard.Quality("quality", measure, null, method, alpha, margin, DEFAULT_MIN_TOPICS)));
    }

    /** The one averaged measure {@code spec} names, as a quality guard needs; empty when it names none, several, or a count or text. */
    static Optional<Measure> guardMeasure(String spec) {
        try {
            return Optional.of(Measures.parseOneAveraged(spec));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }
}
