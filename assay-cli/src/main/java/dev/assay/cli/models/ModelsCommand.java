package dev.assay.cli.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import dev.assay.core.registry.Model;
import dev.assay.core.registry.Provenance;
import dev.assay.core.registry.Registry;
import dev.assay.core.registry.RollbackOutcome;
import dev.assay.core.registry.Stage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay models ...}: the registry and rollout from the command line; every change is recorded in the ledger. */
@Command(name = "models", description = "Register models and versions, deploy, promote, roll back, route.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Register.class, ModelsCommand.Show.class,
                ModelsCommand.Versions.class, ModelsCommand.AddVersion.class, ModelsCommand.Deploy.class,
                ModelsCommand.Promote.class, ModelsCommand.Rollback.class, ModelsCommand.Route.class},
        footer = {ExitCodes.EXAMPLE,
                "  assay models register ranker --description 'search ranker'",
                "  assay models list",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  2   no subcommand, or bad usage or input",
                ExitCodes.HELP_INTERNAL})
public final class ModelsCommand implements Callable<Integer> {
    /** Made on first use, not when the command tree is built: commands that print no JSON never load Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing subcommand: list, register, show, versions, add-version, deploy, promote, rollback or route");
    }

    /** Runs {@code action} against the registry and prints its result as JSON. */
    abstract static class RegistryCommand implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        abstract Object run(Registry registry) throws IOException;

        @Override
        public Integer call() throws IOException {
            CliContext ctx = CliContext.of(spec);
            try (CoreServices core = CoreServices.open(config.load(ctx), ctx.clock())) {
                Object result = run(core.registry());
                PrintWriter out = ctx.out();
                out.println(result instanceof String s ? s : Json.MAPPER.writeValueAsString(result));
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    /** MODEL VERSION --reason TEXT: what every rollout change names. */
    static final class Change {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Parameters(index = "1", paramLabel = "VERSION")
        String version;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; recorded in the ledger")
        String reason;
    }

    @Command(name = "list", description = "List registered models.",
            footer = {ExitCodes.EXAMPLE,
                    "  assay models list --data-dir ./assay-data",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    static final class ListModels extends RegistryCommand {
        @Override
        Object run(Registry r) {
            StringBuilder sb = new StringBuilder();
            for (Model m : r.models()) sb.append(m.name()).append('\t').append(m.description()).append('\n');
            return sb.toString().stripTrailing();
        }
    }

    @Command(name = "register", description = "Register a model.",
            footer = {ExitCodes.EXAMPLE,
                    "  assay models register ranker --description 'search ranker'",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    static final class Register extends RegistryCommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Option(names = "--description", paramLabel = "TEXT", defaultValue = "")
        String description;

        @Override
        Object run(Registry r) {
            return r.registerModel(model, description);
        }
    }

    @Command(name = "show", description = "Show a model's deployments.",
            footer = {ExitCodes.EXAMPLE,
                    "  assay models show ranker",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    static final class Show extends RegistryCommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Override
        Object run(Registry r) {
            return r.deployments(model);
        }
    }

    @Command(name = "versions", description = "List a model's versions with provenance.",
            footer = {ExitCodes.EXAMPLE,
                    "  assay models versions ranker",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    static final class Versions extends RegistryCommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Override
        Object run(Registry r) {
            return r.versions(model);
        }
    }

    @Command(name = "add-version", description = "Register a version with its provenance.",
            footer = {ExitCodes.EXAMPLE,
                    "  assay models add-version ranker v2 --data-hash sha256:9f2c --seed 7 \\",
                    "      --code-version git:4e1a --params @config.json",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    static final class AddVersion extends RegistryCommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Parameters(index = "1", paramLabel = "VERSION")
        String version;

        @Option(names = "--data-hash", required = true, paramLabel = "HASH", description = "Hash of the training/build data")
        String dataHash;

        @Option(names = "--seed", required = true, paramLabel = "SEED")
        long seed;

        @Option(names = "--code-version", required = true, paramLabel = "REV")
        String codeVersion;

        @Option(names = "--params", paramLabel = "JSON|@FILE",
                description = "The version's configuration as a JSON object, or @file (default: {})")
        String configJson;

        @Option(names = "--built-at", paramLabel = "INSTANT", description = "When it was built (ISO-8601; default: now)")
        Instant builtAt;

        @Override
        Object run(Registry r) throws IOException {
            JsonNode node = null;
            if (configJson != null) {
                String text = configJson.startsWith("@") ? paramsFile(Path.of(configJson.substring(1))) : configJson;
                if (text.isBlank()) throw new InvalidInputException("--params is empty; expected a JSON object");
                try {
                    node = Json.MAPPER.readTree(text);
                } catch (IOException e) {
                    throw new InvalidInputException("--params is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
            return r.registerVersion(model, version,
                    Provenance.withDefaults(node, dataHash, seed, codeVersion, builtAt, CliContext.of(spec).clock()));
        }
    }

    /** The text of the {@code --params @FILE} file. */
    static String paramsFile(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException("--params file not found: " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException("--params file " + file + " is not UTF-8 text; expected a JSON object");
        }
    }

    @Command(name = "deploy", description = "Move a version to SHADOW, CANARY, AB, PRIMARY or RETIRED.",
            footer = {ExitCodes.EXAMPLE,
                    "  assay models deploy ranker v2 --stage CANARY --percent 5 --reason canary",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    static final class Deploy extends RegistryCommand {
        @Mixin
        Change change;

        @Option(names = "--stage", required = true, paramLabel = "STAGE")
        Stage stage;

        @Option(names = "--percent", paramLabel = "P", defaultValue = "0", description = "Traffic share for CANARY/AB, in percent")
        double percent;

        @Override
        Object run(Registry r) {
            return r.deploy(change.model, change.version, stage, percent, change.reason);
        }
    }

    @Command(name = "promote", description = "Make a candidate the primary.",
            footer = {ExitCodes.EXAMPLE,
                    "  assay models promote ranker v2 --reason 'contract PASS'",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    static final class Promote extends RegistryCommand {
        @Mixin
        Change change;

        @Override
        Object run(Registry r) {
            return r.promote(change.model, change.version, change.reason);
        }
    }

    @Command(name = "rollback", description = "Take a version out of traffic (idempotent).",
            footer = {ExitCodes.EXAMPLE,
                    "  assay models rollback ranker v2 --reason 'latency regression'",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    static final class Rollback extends RegistryCommand {
        @Mixin
        Change change;

        @Override
        Object run(Registry r) {
            String name = change.model + "/" + change.version;
            return switch (r.rollback(change.model, change.version, change.reason)) {
                case RollbackOutcome.RolledBack rb -> "rolled back " + name + " (ledger entry " + rb.ledgerSeq() + ")";
                case RollbackOutcome.AlreadyRolledBack a -> name + " was already rolled back; nothing changed";
            };
        }
    }

    @Command(name = "route", description = "Which version serves a request key.",
            footer = {ExitCodes.EXAMPLE,
                    "  assay models route ranker user-42",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    static final class Route extends RegistryCommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Parameters(index = "1", paramLabel = "KEY")
        String key;

        @Override
        Object run(Registry r) {
            return r.route(model, key);
        }
    }
}
