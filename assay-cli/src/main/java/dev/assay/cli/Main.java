package dev.assay.cli;

import dev.assay.core.AssayException;
import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
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
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(CliContext.system(), args));
    }

    /** Runs {@code args} in {@code ctx} and returns the exit code. */
    public static int execute(CliContext ctx, String... args) {
        CommandLine cl = commandLine(ctx);
        int code = cl.execute(args);
        if (code != ExitCodes.USAGE && code != ExitCodes.INTERNAL) configOf(cl).ifPresent(config -> config.reportCreated(ctx));
        return code;
    }

    /** The configuration options of the command that ran, if it has them. */
    private static Optional<ConfigOptions> configOf(CommandLine cl) {
        CommandLine.ParseResult parsed = cl.getParseResult();
        if (parsed == null) return Optional.empty();
        while (parsed.hasSubcommand()) parsed = parsed.subcommand();
        return parsed.commandSpec().mixins().values().stream()
                .map(CommandSpec::userObject)
                .filter(ConfigOptions.class::isInstance)
                .map(ConfigOptions.class::cast)
                .findFirst();
    }

    /** The configured command line, with its error handlers and streams. */
    public static CommandLine commandLine(CliContext ctx) {
        CommandLine cl = new CommandLine(new AssayCommand(ctx));
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        // "@FILE" is an option's value (models add-version --params @config.json), not a file of arguments to splice in
        cl.setExpandAtFiles(false);
        cl.registerConverter(Double.class, Main::finite);
        cl.registerConverter(double.class, Main::finite);
        cl.setParameterExceptionHandler(parameterErrors(ctx));
        cl.setExecutionExceptionHandler(executionErrors(ctx));
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
            LOG.error("internal error", ex);
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
