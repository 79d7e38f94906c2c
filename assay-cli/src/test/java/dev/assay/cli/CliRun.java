package dev.assay.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One in-process {@code assay} invocation with captured stdout and stderr. */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun run(Map<String, String> env, ServeLifetime lifetime, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(env, new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC(), lifetime);
        int code = Main.execute(ctx, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    public static CliRun run(Map<String, String> env, String... args) {
        return run(env, server -> {
            throw new AssertionError("this test does not serve");
        }, args);
    }

    public List<String> errLines() {
        return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
    }

    public List<String> outLines() {
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\R"));
    }
}
