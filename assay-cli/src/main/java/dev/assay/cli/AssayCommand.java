package dev.assay.cli;

import dev.assay.cli.ledger.LedgerCommand;
import dev.assay.cli.models.ModelsCommand;
import dev.assay.cli.rank.RankCommand;
import dev.assay.cli.serve.ServeCommand;
import dev.assay.cli.tokens.TokensCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code assay}: the root command. To add a command family (e.g. {@code assay ledger ...}),
 * write a {@code @Command(name = "ledger")} class in its own package {@code dev.assay.cli.ledger}
 * with {@code @Mixin ConfigOptions} when it needs configuration, reach the environment with
 * {@code CliContext.of(spec)}, throw {@code InvalidInputException} for bad input (exit 2),
 * return {@link ExitCodes#CHECK_FAILED} when its check fails, and list it in
 * {@code subcommands} below.
 */
@Command(name = "assay",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT, // every command has --help (usage errors point to it) and --version
        versionProvider = VersionCommand.Provider.class,
        description = "Evidence that production ML models are what was shipped and do what was promised.",
        subcommands = {ServeCommand.class, LedgerCommand.class, ModelsCommand.class, RankCommand.class, TokensCommand.class,
                VersionCommand.class})
public final class AssayCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    AssayCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }
}
