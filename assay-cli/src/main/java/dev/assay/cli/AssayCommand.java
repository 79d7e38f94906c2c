package dev.assay.cli;

import dev.assay.cli.demo.DemoCommand;
import dev.assay.cli.ledger.LedgerCommand;
import dev.assay.cli.models.ModelsCommand;
import dev.assay.cli.rank.RankCommand;
import dev.assay.cli.serve.ServeCommand;
import dev.assay.cli.tokens.TokensCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code assay}: the root command. To add a command family (e.g. {@code assay ledger ...}),
 * write a {@code @Command(name = "ledger")} class in its own package {@code dev.assay.cli.ledger}
 * with {@code @Mixin ConfigOptions} when it needs configuration, reach the environment with
 * {@code CliContext.of(spec)}, throw {@code InvalidInputException} for bad input (exit 2),
 * return {@link ExitCodes#CHECK_FAILED} when its check fails, and list it in
 * {@link #SUBCOMMANDS}. Its {@code --help} needs a description, a footer with an
 * {@link ExitCodes#EXAMPLE} and the {@link ExitCodes#HELP} lines that apply ({@code HelpCliTest}
 * walks the tree); option defaults are shown by picocli ({@code showDefaultValues}, inherited),
 * so a description does not repeat a {@code defaultValue}. {@code assay} alone prints this usage
 * and exits 0.
 */
@Command(name = "assay",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT, // every command has --help (usage errors point to it) and --version
        versionProvider = VersionCommand.Provider.class,
        showDefaultValues = true,
        description = {"Evidence that production ML models are what was shipped and do what was promised.",
                "Run 'assay' alone or 'assay --help' for this text, 'assay help COMMAND' or 'assay COMMAND --help' for a command's."},
        footer = {ExitCodes.EXAMPLE,
                "  assay rank eval -m ndcg_cut.10 qrels.txt run.txt",
                "  assay help rank contract",
                ExitCodes.HELP,
                ExitCodes.HELP_OK + " (also 'assay' alone: this usage)",
                ExitCodes.HELP_CHECK_FAILED,
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INCONCLUSIVE,
                ExitCodes.HELP_INTERNAL})
public final class AssayCommand implements Callable<Integer> {
    /**
     * The top-level commands, in help order. {@link Main} builds only the one a command line names
     * (so {@code assay version} does not build the whole tree), and all of them for help and for
     * anything it does not recognise.
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(ServeCommand.class, DemoCommand.class,
            LedgerCommand.class, ModelsCommand.class, RankCommand.class, dev.assay.cli.fingerprint.FingerprintCommand.class,
            dev.assay.cli.agent.AgentCommand.class, dev.assay.cli.protocol.ProtocolCommand.class, dev.assay.cli.llm.LlmCommand.class, TokensCommand.class,
            dev.assay.cli.witness.WitnessCommand.class, VersionCommand.class, HelpCommand.class, CompletionCommand.class);

    private final CliContext context;

    @Spec
    CommandSpec spec;

    AssayCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    /** Nothing asked: the usage on stdout, exit 0. */
    @Override
    public Integer call() {
        spec.commandLine().usage(context.out());
        context.out().flush();
        return ExitCodes.OK;
    }
}
