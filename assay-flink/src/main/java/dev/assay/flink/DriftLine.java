package dev.assay.flink;

/**
 * One response on its way to a drift window, undecoded: its model, its window (the index among the model's windows;
 * -1 until a count window is assigned), its file's index and 1-based line, its time in epoch milliseconds (0 for
 * count windows) and the line's bytes.
 */
public record DriftLine(String model, long window, int file, long line, long time, byte[] bytes) {
    /** This line in window {@code w}. */
    DriftLine inWindow(long w) {
        return new DriftLine(model, w, file, line, time, bytes);
    }
}
