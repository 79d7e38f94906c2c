package dev.assay.cli;

import dev.assay.core.progress.Progress;
import picocli.CommandLine.Option;

/**
 * The option of every long-running command ({@code @Mixin ProgressOptions progress}): how it shows progress on
 * stderr. Progress never goes to stdout, so reports and JSON are the same whatever the mode.
 */
public final class ProgressOptions {
    /** How progress is shown. */
    enum Mode {
        /** A bar on an interactive terminal, plain lines otherwise. */
        AUTO,
        /** A bar redrawn in place (me.tongfei progressbar). */
        BAR,
        /** One line when a phase starts and one at every 10% of it. */
        PLAIN,
        /** Nothing. */
        NONE
    }

    @Option(names = "--progress", paramLabel = "auto|bar|plain|none", defaultValue = "auto",
            description = "Progress on stderr: auto (a bar on a terminal, else plain), bar, plain (a line per phase and per 10%%),"
                    + " none")
    Mode mode;

    /** The progress of this invocation, shown on {@code ctx}'s stderr as the mode asks. */
    public Progress progress(CliContext ctx) {
        return switch (mode) {
            case AUTO -> ctx.terminal() ? BarProgress.onTerminal() : new PlainProgress(ctx.err());
            case BAR -> ctx.terminal() ? BarProgress.onTerminal() : BarProgress.on(ctx.err());
            case PLAIN -> new PlainProgress(ctx.err());
            case NONE -> Progress.none();
        };
    }
}
