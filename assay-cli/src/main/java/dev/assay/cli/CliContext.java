package dev.assay.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;

/** What commands get from outside: environment variables, output streams, the clock, and how long a server runs. */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock, ServeLifetime serveLifetime) {
    public CliContext {
        env = Map.copyOf(env);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(serveLifetime, "serveLifetime");
    }

    /** The real process: its environment, stdout, stderr, the system clock, serving until a shutdown signal. */
    public static CliContext system() {
        return new CliContext(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                Clock.systemUTC(), ServeLifetime.untilShutdownSignal());
    }

    /** The context of the {@code assay} invocation that {@code spec} belongs to. */
    public static CliContext of(CommandSpec spec) {
        return ((AssayCommand) spec.root().userObject()).context();
    }
}
