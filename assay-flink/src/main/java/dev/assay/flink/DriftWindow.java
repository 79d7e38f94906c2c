package dev.assay.flink;

import java.util.Objects;

/** The drift verdict of one model's window: the model, the window's index and the result as one JSON line. */
public record DriftWindow(String model, long window, String json) {
    public DriftWindow {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(json, "json");
    }
}
