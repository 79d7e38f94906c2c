package dev.assay.cli;

import dev.assay.core.NotFoundException;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.config.ConfigOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command that touches configuration shares ({@code @Mixin ConfigOptions config}):
 * one YAML file and the data directory; the environment ({@code ASSAY_*}) applies beneath them.
 *
 * <p>The data directory is {@code --data-dir}, else {@code ASSAY_DATA_DIR}, else {@code dataDir} in
 * {@code --config}, else {@code ./assay-data}. When it does not exist, a command that only reads
 * refuses (exit 2) naming the directory it looked for; a command that writes creates it and says so
 * in one line on stderr. An existing directory is used silently.
 */
public final class ConfigOptions {
    /** Commands that only read the data directory: they refuse to run on a missing one rather than create it. */
    private static final Set<String> READERS = Set.of("assay ledger verify", "assay ledger export", "assay ledger checkpoint",
            "assay ledger prove-inclusion", "assay ledger prove-consistency", "assay ledger audit", "assay models list",
            "assay models show", "assay models versions", "assay tokens list", "assay tokens revoke", "assay agent approvals list",
            "assay agent approvals approve", "assay agent approvals deny");

    /** Commands that leave the data directory alone when given this option. */
    private static final Map<String, String> NOT_WITH = Map.of("assay ledger verify", "--export");

    /** Commands that use the data directory only when given this option. */
    private static final Map<String, String> ONLY_WITH = Map.of("assay rank contract", "--model");

    /** Commands that hold the data directory open for long: they say they create it before, not after. */
    private static final Set<String> LONG_RUNNING = Set.of("assay serve");

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration file (default: none; built-in defaults, then ASSAY_* environment variables apply)")
    Path file;

    @Option(names = {"--data-dir", "--data"}, paramLabel = "DIR",
            description = "Data directory with the ledger, its key and the SQLite store (default: env ASSAY_DATA_DIR, else"
                    + " dataDir in --config, else assay-data in the current directory; a command that only reads refuses"
                    + " a missing one)")
    Path dataDir;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The data directory that did not exist when the configuration was loaded, or null. */
    private Path missing;
    private ConfigOrigin missingOrigin;

    /**
     * The configuration: defaults, {@code --config}, environment, {@code --data-dir}, then {@code overrides}.
     *
     * @throws NotFoundException when this command only reads and the data directory does not exist
     */
    public AssayConfig load(CliContext ctx, Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>();
        if (dataDir != null) all.put("dataDir", dataDir.toString());
        all.putAll(overrides);
        AssayConfig config = AssayConfig.load(file, ctx.env(), all);
        Path dir = config.dataDir().toAbsolutePath().normalize();
        if (Files.exists(dir) || skipsDataDir()) return config;
        ConfigOrigin origin = AssayConfig.dataDirOrigin(file, ctx.env(), all);
        String name = command == null ? "" : command.qualifiedName();
        if (READERS.contains(name)) {
            throw new NotFoundException("no data directory " + dir + " (" + describe(origin) + ")"
                    + (name.equals("assay ledger verify") ? "; to check an export instead: --export FILE --public-key FILE" : ""));
        }
        if (LONG_RUNNING.contains(name)) {
            ctx.err().println("assay: creating a new data directory " + dir + " (" + describe(origin) + ")");
            ctx.err().flush();
        } else {
            missing = dir;
            missingOrigin = origin;
        }
        return config;
    }

    public AssayConfig load(CliContext ctx) {
        return load(ctx, Map.of());
    }

    /** {@code --config}, or null. */
    public Path file() {
        return file;
    }

    /** {@code --data-dir} as given on the command line, or null (the environment and the file are not consulted). */
    public Path dataDirFlag() {
        return dataDir;
    }

    /** After a successful run: one line on stderr if the run created the data directory that was missing. */
    void reportCreated(CliContext ctx) {
        if (missing == null || !Files.isDirectory(missing)) return;
        ctx.err().println("assay: created a new data directory " + missing + " (" + describe(missingOrigin) + ")");
        ctx.err().flush();
        missing = null;
    }

    /** Whether this invocation does not use the data directory ({@code ledger verify --export}, {@code rank contract} without {@code --model}). */
    private boolean skipsDataDir() {
        if (command == null) return false;
        String name = command.qualifiedName();
        return NOT_WITH.containsKey(name) && matched(NOT_WITH.get(name))
                || ONLY_WITH.containsKey(name) && !matched(ONLY_WITH.get(name));
    }

    private boolean matched(String option) {
        var parsed = command.commandLine() == null ? null : command.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    /** Where the directory came from and how to choose another, e.g. "default; set --data-dir DIR or ASSAY_DATA_DIR to use another". */
    private String describe(ConfigOrigin origin) {
        String from = switch (origin) {
            case OVERRIDE -> "from --data-dir";
            case ENVIRONMENT -> "from ASSAY_DATA_DIR";
            case FILE -> "from dataDir in " + file;
            case DEFAULT -> "default";
        };
        return from + "; set --data-dir DIR or ASSAY_DATA_DIR to use another";
    }
}
