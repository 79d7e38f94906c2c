package dev.assay.core.progress;

/**
 * Where long-running library code says how far it got: it starts a named {@link Task} of a known
 * number of units and steps it as units complete. Library code never prints; the caller (the CLI)
 * decides how progress is shown, and {@link #none()} shows nothing. Implementations are thread safe:
 * parallel work may step one task from several threads.
 */
public interface Progress {
    /** Starts a task named {@code name} (a short phrase, such as {@code "bootstrap resamples"}) of {@code total} units, total >= 0. */
    Task start(String name, long total);

    /** A started task. */
    interface Task extends AutoCloseable {
        /** Records {@code units} more units done. Callers in hot loops step in batches. */
        void step(long units);

        /** Ends the task, whether or not every unit was stepped; idempotent. */
        @Override
        void close();

        /** A task that records nothing. */
        static Task none() {
            return NoProgress.TASK;
        }
    }

    /** Progress that shows nothing (the null object). */
    static Progress none() {
        return NoProgress.PROGRESS;
    }
}
