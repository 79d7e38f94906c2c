package dev.assay.ranking.monitor;

import dev.assay.core.InvalidInputException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What is known about one query served by the candidate at {@code time}: the paired quality gain
 * (candidate minus production nDCG, when both were judged or estimated), the candidate's latency,
 * the Jaccard@10 overlap of the two top-10 lists, and a calibration pair. At least one is present.
 */
public record QueryObservation(Instant time, OptionalDouble gain, OptionalDouble latencyMs, OptionalDouble jaccardAt10,
                               Optional<CalibrationPair> calibration) {
    public QueryObservation {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(gain, "gain");
        Objects.requireNonNull(latencyMs, "latencyMs");
        Objects.requireNonNull(jaccardAt10, "jaccardAt10");
        Objects.requireNonNull(calibration, "calibration");
        if (gain.isPresent() && !(gain.getAsDouble() >= -1 && gain.getAsDouble() <= 1)) {
            throw new InvalidInputException("gain must be in [-1, 1] (a difference of nDCG values), but was " + gain.getAsDouble());
        }
        if (latencyMs.isPresent() && !(latencyMs.getAsDouble() >= 0 && latencyMs.getAsDouble() < 1e9)) {
            throw new InvalidInputException("latencyMs must be finite, >= 0 and < 1e9 ms, but was " + latencyMs.getAsDouble());
        }
        if (jaccardAt10.isPresent() && !(jaccardAt10.getAsDouble() >= 0 && jaccardAt10.getAsDouble() <= 1)) {
            throw new InvalidInputException("jaccard10 must be in [0, 1], but was " + jaccardAt10.getAsDouble());
        }
        if (gain.isEmpty() && latencyMs.isEmpty() && jaccardAt10.isEmpty() && calibration.isEmpty()) {
            throw new InvalidInputException("an observation needs at least one of gain, latencyMs, jaccard10, confidence/correct");
        }
    }

    /** An observation with every field present. */
    public static QueryObservation of(Instant time, double gain, double latencyMs, double jaccardAt10, CalibrationPair calibration) {
        return new QueryObservation(time, OptionalDouble.of(gain), OptionalDouble.of(latencyMs), OptionalDouble.of(jaccardAt10),
                Optional.of(calibration));
    }
}
