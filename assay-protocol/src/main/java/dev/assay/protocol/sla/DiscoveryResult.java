package dev.assay.protocol.sla;

import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.discover.FormatDescription;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A classification and how it was reached: the mode asked for, the tiers that ran and those skipped or abandoned
 * for the deadline, the fallback taken, whether the answer came from the cache, the time it took, the deadline and
 * whether it was met, the packets of the flow the tiers saw, the version of the classifier, and (ACCURATE, for a flow no
 * tier named) the message format inferred from the flow's own messages.
 */
public record DiscoveryResult(Classification classification, QualityMode mode, List<String> tiersRun, List<String> tiersSkipped,
                              Fallback fallback, boolean cached, Duration elapsed, Duration deadline, boolean slaMet, int packetsUsed,
                              String version, Optional<FormatDescription> format) {
    public DiscoveryResult {
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(mode, "mode");
        tiersRun = List.copyOf(tiersRun);
        tiersSkipped = List.copyOf(tiersSkipped);
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(format, "format");
    }
}
