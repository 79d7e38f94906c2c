package dev.assay.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code assay completion}: picocli's bash/zsh completion script for the whole command tree, on stdout. */
@Command(name = "completion",
        description = {"Print a bash/zsh completion script for assay's commands and options.",
                "Load it in the current shell with: source <(assay completion)"},
        footer = {ExitCodes.EXAMPLE,
                "  source <(assay completion)",
                "  assay completion > /etc/bash_completion.d/assay",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                ExitCodes.HELP_USAGE})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        ctx.out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        ctx.out().flush();
        return ExitCodes.OK;
    }
}
