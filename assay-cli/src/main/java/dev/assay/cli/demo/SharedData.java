package dev.assay.cli.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the shared evaluation data is: {@code --shared-data}, else {@code ASSAY_SHARED_DATA}, else
 * {@code ../shared/data} beside the project root (the directory of the {@code assay} launcher, passed
 * as the system property {@value #HOME_PROPERTY}), else {@code ../shared/data} from the current directory.
 */
record SharedData(Path dir, String origin) {
    /** Set by the {@code assay} launcher to the project root. */
    static final String HOME_PROPERTY = "assay.home";
    /** The environment variable naming the shared data directory. */
    static final String VARIABLE = "ASSAY_SHARED_DATA";
    /** The TREC 2003 Robust track, relative to the shared data directory. */
    static final Path ROBUST03 = Path.of("ranking", "robust03");
    /** Its qrels file, relative to {@link #ROBUST03}. */
    static final String QRELS = "robust03_qrels.txt";
    /** Its folder of runs, relative to {@link #ROBUST03}. */
    static final String RUNS = "runs";

    static SharedData locate(Path flag, Map<String, String> env, String home) {
        if (flag != null) return new SharedData(flag, "from --shared-data");
        String variable = env.get(VARIABLE);
        if (variable != null && !variable.isBlank()) return new SharedData(Path.of(variable), "from " + VARIABLE);
        if (home != null && !home.isBlank()) {
            return new SharedData(Path.of(home).resolve("../shared/data"), "default: ../shared/data beside the assay launcher");
        }
        return new SharedData(Path.of("../shared/data"), "default: ../shared/data from the current directory");
    }

    /** The robust03 directory when it holds the qrels and a runs folder. */
    Optional<Path> robust03() {
        Path r = dir.resolve(ROBUST03).toAbsolutePath().normalize();
        return Files.isRegularFile(r.resolve(QRELS)) && Files.isDirectory(r.resolve(RUNS)) ? Optional.of(r) : Optional.empty();
    }

    /** The one line saying the data is missing, where it looked and how to point at it. */
    String missingLine() {
        return "assay: no shared data found: looked for " + dir.resolve(ROBUST03).resolve(QRELS).toAbsolutePath().normalize()
                + " and its runs/ (" + origin + "); set --shared-data DIR or " + VARIABLE
                + " to the directory holding ranking/robust03; starting the demo empty";
    }
}
