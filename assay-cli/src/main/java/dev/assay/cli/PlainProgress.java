package dev.assay.cli;

import dev.assay.core.progress.Progress;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * Progress as plain lines, for logs and pipes: {@code assay: progress: NAME: started (TOTAL)} when a task
 * starts, then {@code assay: progress: NAME: P%} as each tenth of it completes. The lines depend only on the
 * tasks' names, totals and units, never on time or on the order in which parallel workers step.
 */
final class PlainProgress implements Progress {
    /** The first words of every line. */
    static final String PREFIX = "assay: progress: ";

    private final PrintWriter err;

    PlainProgress(PrintWriter err) {
        this.err = Objects.requireNonNull(err, "err");
    }

    @Override
    public Task start(String name, long total) {
        Objects.requireNonNull(name, "name");
        if (total < 0) throw new IllegalArgumentException("total must be >= 0, but was " + total);
        line(name + ": started (" + total + ")");
        return new PlainTask(name, total);
    }

    private void line(String text) {
        err.println(PREFIX + text);
        err.flush();
    }

    private final class PlainTask implements Task {
        private final String name;
        private final long total;
        private long done;
        private int tenthsShown;

        PlainTask(String name, long total) {
            this.name = name;
            this.total = total;
        }

        @Override
        public synchronized void step(long units) {
            if (units < 0) throw new IllegalArgumentException("units must be >= 0, but was " + units);
            if (total == 0) return;
            done = Math.min(total, done + units);
            int tenths = (int) (done * 10 / total);
            while (tenthsShown < tenths) {
                tenthsShown++;
                line(name + ": " + tenthsShown * 10 + "%");
            }
        }

        @Override
        public void close() {
        }
    }
}
