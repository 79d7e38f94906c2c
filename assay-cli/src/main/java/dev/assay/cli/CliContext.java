package dev.assay.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What commands get from outside: environment variables, output streams, the clock, how long a server runs,
 * and whether the process talks to an interactive terminal (a console that is not {@code TERM=dumb}), where
 * progress is drawn as a bar.
 */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock, ServeLifetime serveLifetime,
                         boolean terminal) {
    public CliContext {
        env = Map.copyOf(env);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(serveLifetime, "serveLifetime");
    }

    /** A context that is not an interactive terminal (tests, embedding). */
    public CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock, ServeLifetime serveLifetime) {
        this(env, out, err, clock, serveLifetime, false);
    }

    /**
     * The real process: its environment, stdout, stderr, the system clock, serving until a shutdown signal; a
     * terminal when the JVM has a console (stdin and stdout are a terminal) and {@code TERM} is not {@code dumb}.
     */
    public static CliContext system() {
        Map<String, String> env = System.getenv();
        boolean terminal = System.console() != null && !"dumb".equals(env.get("TERM"));
        return new CliContext(env, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                Clock.systemUTC(), ServeLifetime.untilShutdownSignal(), terminal);
    }

    /** The context of the {@code assay} invocation that {@code spec} belongs to. */
    public static CliContext of(CommandSpec spec) {
        return ((AssayCommand) spec.root().userObject()).context();
    }
}
