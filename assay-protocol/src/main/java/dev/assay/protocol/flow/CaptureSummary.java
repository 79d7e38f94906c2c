package dev.assay.protocol.flow;

import dev.assay.protocol.capture.CaptureStats;
import java.util.Objects;

/**
 * One capture read into flows: what the reader counted, and the flows it gave in all, of which
 * {@code closed} ended with TCP FIN/RST, {@code expired} went idle, and {@code evicted} made room
 * for new ones in a full table (the rest were open at the end of the capture).
 */
public record CaptureSummary(CaptureStats capture, long flows, long closed, long expired, long evicted) {
    public CaptureSummary {
        Objects.requireNonNull(capture, "capture");
    }
}
