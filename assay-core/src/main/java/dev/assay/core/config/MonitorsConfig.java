package dev.assay.core.config;

import dev.assay.core.document.Section;
import java.util.Objects;
import java.util.Optional;

/**
 * Monitor settings that capability modules read with their own readers, kept as raw sections of the
 * file (the core does not know their keys). A section's problems name its path and line in the file.
 *
 * @param ranking the {@code monitors.ranking} section, read by the ranking monitor's configuration reader
 */
public record MonitorsConfig(Optional<Section> ranking) {
    public MonitorsConfig {
        Objects.requireNonNull(ranking, "ranking");
    }

    /** No sections: every monitor runs on its defaults. */
    public static MonitorsConfig none() {
        return new MonitorsConfig(Optional.empty());
    }
}
