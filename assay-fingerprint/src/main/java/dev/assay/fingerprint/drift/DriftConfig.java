package dev.assay.fingerprint.drift;

import dev.assay.core.InvalidInputException;

/**
 * Configuration of a {@link DriftDetector}.
 *
 * @param window             responses the statistic looks back over (the CUSUM's change point must lie in the
 *                           last {@code window}); the detector keeps {@value DriftDetector#HISTORY_WINDOWS} windows of
 *                           history for typing a drift
 * @param expectedRunLength  ARL0: the mean number of responses to a false alarm when nothing drifts
 * @param seed               seed of the bootstrap that calibrates the threshold
 * @param shift              the upward shift, in calibration standard deviations, the detector is tuned to find fastest;
 *                           the CUSUM's allowance is {@code shift / 2}
 * @param calibrationStreams bootstrap streams simulated to calibrate the threshold
 */
public record DriftConfig(int window, double expectedRunLength, long seed, double shift, int calibrationStreams) {
    /** Default {@link #window}: 100 responses. */
    public static final int DEFAULT_WINDOW = 100;
    /** Default {@link #expectedRunLength}: one false alarm per 10,000 responses on average. */
    public static final double DEFAULT_EXPECTED_RUN_LENGTH = 10_000;
    /** Default {@link #seed}. */
    public static final long DEFAULT_SEED = 1;
    /** Default {@link #shift}: one standard deviation of the calibration scores. */
    public static final double DEFAULT_SHIFT = 1.0;
    /** Default {@link #calibrationStreams}: about 5% relative standard error on the simulated run length. */
    public static final int DEFAULT_CALIBRATION_STREAMS = 400;

    static final int MIN_WINDOW = 8;
    static final int MAX_WINDOW = 100_000;
    static final double MIN_RUN_LENGTH = 10;
    static final double MAX_RUN_LENGTH = 10_000_000;
    static final double MAX_SHIFT = 10;
    static final int MIN_STREAMS = 50;
    static final int MAX_STREAMS = 100_000;

    public DriftConfig {
        if (window < MIN_WINDOW || window > MAX_WINDOW) {
            throw new InvalidInputException("window must be in [" + MIN_WINDOW + ", " + MAX_WINDOW + "], but was " + window);
        }
        if (!(expectedRunLength >= MIN_RUN_LENGTH && expectedRunLength <= MAX_RUN_LENGTH)) {
            throw new InvalidInputException("expectedRunLength must be in [" + (long) MIN_RUN_LENGTH + ", "
                    + (long) MAX_RUN_LENGTH + "], but was " + expectedRunLength);
        }
        if (!(shift > 0 && shift <= MAX_SHIFT)) {
            throw new InvalidInputException("shift must be in (0, " + (int) MAX_SHIFT + "], but was " + shift);
        }
        if (calibrationStreams < MIN_STREAMS || calibrationStreams > MAX_STREAMS) {
            throw new InvalidInputException("calibrationStreams must be in [" + MIN_STREAMS + ", " + MAX_STREAMS
                    + "], but was " + calibrationStreams);
        }
    }

    /** The defaults: window 100, ARL0 10,000, seed 1, shift 1 sd, 400 calibration streams. */
    public static DriftConfig defaults() {
        return new DriftConfig(DEFAULT_WINDOW, DEFAULT_EXPECTED_RUN_LENGTH, DEFAULT_SEED, DEFAULT_SHIFT,
                DEFAULT_CALIBRATION_STREAMS);
    }

    /** These settings with another window. */
    public DriftConfig withWindow(int newWindow) {
        return new DriftConfig(newWindow, expectedRunLength, seed, shift, calibrationStreams);
    }

    /** These settings with another expected run length. */
    public DriftConfig withExpectedRunLength(double newExpectedRunLength) {
        return new DriftConfig(window, newExpectedRunLength, seed, shift, calibrationStreams);
    }

    /** These settings with another seed. */
    public DriftConfig withSeed(long newSeed) {
        return new DriftConfig(window, expectedRunLength, newSeed, shift, calibrationStreams);
    }

    /** The CUSUM allowance k = shift / 2, in calibration standard deviations. */
    double allowance() {
        return shift / 2;
    }
}
