package dev.assay.core.testing;

import dev.assay.core.progress.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Progress that remembers every task it started, the units stepped and whether it was closed; thread safe. */
public final class RecordingProgress implements Progress {
    /** One started task. */
    public static final class Recorded implements Task {
        private final String name;
        private final long total;
        private final AtomicLong stepped = new AtomicLong();
        private final AtomicLong steps = new AtomicLong();
        private final AtomicBoolean closed = new AtomicBoolean();

        Recorded(String name, long total) {
            this.name = name;
            this.total = total;
        }

        @Override
        public void step(long units) {
            if (closed.get()) throw new AssertionError("task " + name + " stepped after it was closed");
            stepped.addAndGet(units);
            steps.incrementAndGet();
        }

        @Override
        public void close() {
            closed.set(true);
        }

        public String name() {
            return name;
        }

        public long total() {
            return total;
        }

        /** Units stepped in all. */
        public long stepped() {
            return stepped.get();
        }

        /** Calls of {@link #step}. */
        public long steps() {
            return steps.get();
        }

        public boolean closed() {
            return closed.get();
        }

        @Override
        public String toString() {
            return name + " " + stepped + "/" + total + (closed.get() ? " closed" : " open");
        }
    }

    private final List<Recorded> tasks = new ArrayList<>();

    @Override
    public synchronized Task start(String name, long total) {
        if (total < 0) throw new IllegalArgumentException("total must be >= 0, but was " + total);
        Recorded r = new Recorded(name, total);
        tasks.add(r);
        return r;
    }

    /** The tasks started so far, in order. */
    public synchronized List<Recorded> tasks() {
        return List.copyOf(tasks);
    }
}
