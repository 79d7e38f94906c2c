package dev.assay.fingerprint.drift;

import java.time.Instant;

/**
 * One observed response in the detector's history.
 *
 * @param index        position in the stream, from 1
 * @param time         when it was observed
 * @param z            its score standardized by the calibration mean and standard deviation
 * @param inputNovelty the input's own novelty score, NaN when not given
 * @param signals      adversarial markers of its input
 * @param lengthZ      standardized log length of its input against the inputs before it, NaN while too few
 */
record Point(long index, Instant time, double z, double inputNovelty, InputSignals signals, double lengthZ) {
    /** |lengthZ| above this marks an input of abnormal length. */
    static final double ABNORMAL_LENGTH_Z = 4;

    /** Whether the input carries an adversarial marker or has an abnormal length. */
    boolean suspicious() {
        return signals.suspicious() || Math.abs(lengthZ) > ABNORMAL_LENGTH_Z;
    }
}
