package dev.assay.cli;

import dev.assay.core.progress.Progress;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/** Progress as a bar per task, redrawn in place on stderr by me.tongfei progressbar (terminal width from JLine). */
final class BarProgress implements Progress {
    /** Width of a bar written to something that is not a terminal (--progress=bar in a pipe). */
    static final int PIPE_WIDTH = 80;

    private final Supplier<ProgressBarConsumer> consumers;

    private BarProgress(Supplier<ProgressBarConsumer> consumers) {
        this.consumers = consumers;
    }

    /** Bars on the process's stderr, as wide as the terminal. */
    static BarProgress onTerminal() {
        return new BarProgress(() -> new ConsoleProgressBarConsumer(System.err));
    }

    /** Bars written to {@code err}, {@value #PIPE_WIDTH} characters wide, each ended by a newline when its task closes. */
    static BarProgress on(PrintWriter err) {
        Objects.requireNonNull(err, "err");
        return new BarProgress(() -> new WriterConsumer(err));
    }

    @Override
    public Task start(String name, long total) {
        Objects.requireNonNull(name, "name");
        if (total < 0) throw new IllegalArgumentException("total must be >= 0, but was " + total);
        ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setConsumer(consumers.get()).build();
        AtomicBoolean open = new AtomicBoolean(true);
        return new Task() {
            @Override
            public void step(long units) {
                bar.stepBy(units);
            }

            @Override
            public void close() {
                if (open.getAndSet(false)) bar.close();
            }
        };
    }

    /** Renders each redraw as a carriage return and the bar. */
    private static final class WriterConsumer implements ProgressBarConsumer {
        private final PrintWriter err;

        WriterConsumer(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int getMaxRenderedLength() {
            return PIPE_WIDTH;
        }

        @Override
        public void accept(String rendered) {
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        @Override
        public void close() {
            err.println();
            err.flush();
        }
    }
}
