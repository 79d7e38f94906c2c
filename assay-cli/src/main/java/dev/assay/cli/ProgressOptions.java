package dev.assay.cli;

import dev.assay.core.progress.Progress;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

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

    @Option(names = "--progress", paramLabel = "auto|bar|plain|none", defaultValue = "auto", converter = ModeConverter.class,
            description = "Progress on stderr: auto (a bar on a terminal, else plain), bar, plain (a line per phase and per 10%),"
                    + " none")
    Mode mode;

    /** The progress of this invocation, shown on {@code ctx}'s stderr as the mode asks. */
    public Progress progress(CliContext ctx) {
        return switch (mode == null ? Mode.AUTO : mode) {
            case AUTO -> ctx.terminal() ? BarProgress.onTerminal() : new PlainProgress(ctx.err());
            case BAR -> ctx.terminal() ? BarProgress.onTerminal() : BarProgress.on(ctx.err());
            case PLAIN -> new PlainProgress(ctx.err());
            case NONE -> Progress.none();
        };
    }

    /** {@code auto}, {@code bar}, {@code plain} or {@code none}, in any case. */
    static final class ModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            try {
                return Mode.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("must be auto, bar, plain or none, but was '" + value + "'");
            }
        }
    }
}
