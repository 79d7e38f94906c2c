package dev.assay.core.progress;

/** The null objects behind {@link Progress#none()} and {@link Progress.Task#none()}. */
final class NoProgress {
    static final Progress.Task TASK = new Progress.Task() {
        @Override
        public void step(long units) {
        }

        @Override
        public void close() {
        }
    };

    static final Progress PROGRESS = (name, total) -> {
        if (total < 0) throw new IllegalArgumentException("total must be >= 0, but was " + total);
        return TASK;
    };

    private NoProgress() {
    }
}
