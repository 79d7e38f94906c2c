package dev.assay.cli;

import dev.assay.cli.demo.DemoCommand;
import dev.assay.cli.serve.ServeCommand;
import dev.assay.core.AssayException;
import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.IParameterExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code assay}. Exit codes are {@link ExitCodes}: bad usage (picocli's
 * parameter errors) and what the user can fix ({@link InvalidInputException},
 * {@link NotFoundException}, {@link ConflictException}) exit 2; storage and internal failures
 * (any other exception, including {@code StoreException} and {@code LedgerException}) exit 70.
 * Either way exactly one line {@code assay: <message>} goes to stderr, never a stack trace.
 */
public final class Main {
    static {
        // Before any logger exists: commands add their own appenders (CliLogging), so a one-shot
        // command never starts the service's JSON encoder.
        System.setProperty(dev.assay.server.logging.JsonLogConfigurator.MODE_PROPERTY, "cli");
    }

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String VERBOSE = "--verbose";

    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(CliContext.system(), args));
    }

    /** Runs {@code args} in {@code ctx} and returns the exit code. */
    public static int execute(CliContext ctx, String... args) {
        CommandLine cl = commandLine(ctx, args);
        List<CliLogging> logging = new ArrayList<>(1);
        cl.setExecutionStrategy(parsed -> {
            try {
                logging.add(CliLogging.configure(ctx, isServe(parsed) ? CliLogging.Mode.SERVE : CliLogging.Mode.ONE_SHOT, verbose(parsed)));
            } catch (InvalidInputException e) { // outside the command, so not seen by the execution error handler
                ctx.err().println("assay: " + oneLine(e.getMessage()));
                ctx.err().flush();
                return ExitCodes.USAGE;
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        try {
            int code = cl.execute(args);
            if (code != ExitCodes.USAGE && code != ExitCodes.INTERNAL) configOf(cl).ifPresent(config -> config.reportCreated(ctx));
            return code;
        } finally {
            logging.forEach(CliLogging::close); // after the error handlers, so --verbose shows their detail
        }
    }

    private static CommandLine.ParseResult last(CommandLine.ParseResult parsed) {
        while (parsed.hasSubcommand()) parsed = parsed.subcommand();
        return parsed;
    }

    private static boolean isServe(CommandLine.ParseResult parsed) {
        Object command = last(parsed).commandSpec().userObject();
        return command instanceof ServeCommand || command instanceof DemoCommand;
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            if (p.hasMatchedOption(VERBOSE)) return true;
        }
        return false;
    }

    /** Adds {@code --verbose} to {@code spec} and every command under it. */
    private static void addVerbose(CommandSpec spec) {
        spec.addOption(CommandLine.Model.OptionSpec.builder(VERBOSE).arity("0").type(boolean.class)
                .description("Log progress on stderr (INFO, DEBUG for Assay); env " + CliLogging.LEVEL_VARIABLE
                        + " sets a level instead, " + CliLogging.FILE_VARIABLE + " also writes JSON lines to a file")
                .build());
        spec.subcommands().values().forEach(sub -> addVerbose(sub.getCommandSpec()));
    }

    /** The configuration options of the command that ran, if it has them. */
    private static Optional<ConfigOptions> configOf(CommandLine cl) {
        CommandLine.ParseResult parsed = cl.getParseResult();
        if (parsed == null) return Optional.empty();
        return last(parsed).commandSpec().mixins().values().stream()
                .map(CommandSpec::userObject)
                .filter(ConfigOptions.class::isInstance)
                .map(ConfigOptions.class::cast)
                .findFirst();
    }

    /** The configured command line with every command, its error handlers and streams. */
    public static CommandLine commandLine(CliContext ctx) {
        return commandLine(ctx, new String[0]);
    }

    /**
     * The command line for {@code args}: when the first argument names a top-level command other
     * than help or completion, only that command's tree is built; otherwise every command's.
     */
    static CommandLine commandLine(CliContext ctx, String[] args) {
        CommandLine cl = new CommandLine(new AssayCommand(ctx));
        String first = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                first = a;
                break;
            }
        }
        Class<?> named = null;
        for (Class<?> c : AssayCommand.SUBCOMMANDS) {
            CommandLine.Command command = c.getAnnotation(CommandLine.Command.class);
            if (first != null && (command.name().equals(first) || List.of(command.aliases()).contains(first))) named = c;
        }
        boolean all = named == null || named == HelpCommand.class || named == CompletionCommand.class;
        for (Class<?> c : AssayCommand.SUBCOMMANDS) if (all || c == named) cl.addSubcommand(c);
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        // "@FILE" is an option's value (models add-version --params @config.json), not a file of arguments to splice in
        cl.setExpandAtFiles(false);
        // "--stage canary" means CANARY: enum values are not case-sensitive
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        addVerbose(cl.getCommandSpec());
        cl.registerConverter(Double.class, Main::finite);
        cl.registerConverter(double.class, Main::finite);
        cl.setParameterExceptionHandler(parameterErrors(ctx));
        cl.setExecutionExceptionHandler(executionErrors(ctx));
        HelpLayout.install(cl);
        return cl;
    }

    private static IParameterExceptionHandler parameterErrors(CliContext ctx) {
        return (ex, args) -> {
            String command = ex.getCommandLine().getCommandSpec().qualifiedName();
            ctx.err().println("assay: " + oneLine(ex.getMessage()) + " (see '" + command + " --help')");
            ctx.err().flush();
            return ExitCodes.USAGE;
        };
    }

    private static IExecutionExceptionHandler executionErrors(CliContext ctx) {
        return (ex, cl, parseResult) -> {
            if (ex instanceof InvalidInputException || ex instanceof NotFoundException || ex instanceof ConflictException) {
                ctx.err().println("assay: " + oneLine(ex.getMessage()));
                ctx.err().flush();
                return ExitCodes.USAGE;
            }
            if (ex instanceof AssayException) {
                LOG.debug("failure", ex);
                ctx.err().println("assay: " + oneLine(ex.getMessage()));
                ctx.err().flush();
                return ExitCodes.INTERNAL;
            }
            LOG.debug("internal error", ex); // the line below says what failed; --verbose adds the stack trace
            ctx.err().println("assay: internal error (" + ex.getClass().getSimpleName() + "): " + oneLine(ex.getMessage()));
            ctx.err().flush();
            return ExitCodes.INTERNAL;
        };
    }

    /** A finite number; NaN, Infinity and values beyond the double range (1e400) are refused while parsing, naming the option. */
    static Double finite(String text) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
        }
        if (!Double.isFinite(v)) throw new CommandLine.TypeConversionException("'" + text + "' is not a finite number");
        return v;
    }

    static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
