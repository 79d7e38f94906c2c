package dev.assay.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code assay help [COMMAND...]}: the usage of {@code assay} or of the (sub)command named, as
 * {@code --help} prints it; picocli's own help command takes one name, this one a path
 * ({@code assay help rank eval}).
 */
@Command(name = "help", helpCommand = true,
        description = "Print the usage of assay, or of the command named (as COMMAND --help does).",
        footer = {ExitCodes.EXAMPLE,
                "  assay help rank eval",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  2   no such command: one line on stderr says which"})
final class HelpCommand implements IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", showDefaultValue = CommandLine.Help.Visibility.NEVER, description = "A command and its subcommands, e.g. rank eval")
    List<String> path = List.of();

    private CommandLine self;
    private ColorScheme colorScheme;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter outWriter, PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colorScheme = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        // picocli does not validate a help command's arguments; an unknown option is still a usage error
        if (!self.getUnmatchedArguments().isEmpty()) throw new UnmatchedArgumentException(self, self.getUnmatchedArguments());
        CommandLine target = self.getParent();
        for (String name : path) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null)
                throw new ParameterException(self, "no command '" + name + "' in '" + target.getCommandSpec().qualifiedName() + "'");
            target = sub;
        }
        target.usage(out, colorScheme);
        out.flush();
    }
}
