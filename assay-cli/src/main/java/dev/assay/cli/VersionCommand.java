package dev.assay.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code assay version}: Assay's version (the jar manifest's Implementation-Version) and the Java runtime's. */
@Command(name = "version", description = "Print Assay's and Java's versions.",
        footer = {ExitCodes.EXAMPLE,
                "  assay version",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                ExitCodes.HELP_USAGE})
public final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext.of(spec).out().println(line());
        return ExitCodes.OK;
    }

    static String line() {
        return "assay " + assayVersion() + " (Java " + Runtime.version() + ", " + System.getProperty("java.vendor") + ")";
    }

    /** The jar manifest's Implementation-Version, or {@code dev} when not running from the jar. */
    public static String assayVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Answers {@code assay --version} with the same line. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {line()};
        }
    }
}
