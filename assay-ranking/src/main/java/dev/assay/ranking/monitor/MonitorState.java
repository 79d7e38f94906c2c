package dev.assay.ranking.monitor;

import dev.assay.core.stats.PercentileRecorder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A monitor's state: windows closed so far, observations accepted and dropped as late, each check's
 * failing streak, the last window, the sequential test, every firing, whether (and why) it rolled back,
 * and latency percentiles over the whole run.
 */
public record MonitorState(String model, String version, long windows, long observations, long late,
                           Map<String, Integer> failingWindows, Optional<WindowResult> lastWindow,
                           SequentialStatus sequential, List<Firing> firings, boolean rolledBack,
                           Optional<String> rollbackReason, PercentileRecorder.Summary latencyMs) {
    public MonitorState {
        failingWindows = Map.copyOf(failingWindows);
        firings = List.copyOf(firings);
    }
}
