package dev.assay.fingerprint.drift;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.signature.Signature;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Replays responses, in the order they came, against a reference signature: each response's {@link ReferenceNovelty}
 * feeds a {@link DriftDetector} calibrated on the reference's own sampled responses (leave-one-out), and a drift is
 * typed from the evidence at the end of the replay (at the first alarm only a handful of responses follow the change).
 */
public final class DriftReplay {
    /**
     * The outcome: the first alarm (null without drift), the type of the drift (null without), the number of responses
     * that were in alarm, the CUSUM's peak and threshold, and how many calibration scores set it.
     */
    public record Result(int responses, DriftState firstAlarm, DriftVerdict verdict, long alarmedResponses, double maxStatistic,
                         double threshold, int calibrationScores, DriftConfig config) {
        public boolean drift() {
            return firstAlarm != null;
        }
    }

    private DriftReplay() {}

    /**
     * Replays {@code encoded} (encoded under the reference's configuration) with their {@code inputs} (the prompts,
     * for the adversarial-input evidence; same length, entries may be empty) at time {@code time}.
     */
    public static Result replay(Signature reference, List<EncodedResponse> encoded, List<String> inputs, DriftConfig config, Instant time) {
        Objects.requireNonNull(config, "config");
        if (encoded.isEmpty()) throw new InvalidInputException("drift needs at least one candidate response");
        if (inputs.size() != encoded.size()) throw new IllegalArgumentException("one input per response");
        ReferenceNovelty novelty = new ReferenceNovelty(reference);
        DriftDetector detector = calibrated(novelty, config);
        DriftState first = null;
        DriftState last = null;
        long alarms = 0;
        double maxStat = 0;
        for (int i = 0; i < encoded.size(); i++) {
            DriftState s = detector.observe(novelty.score(encoded.get(i)), time, Objects.requireNonNullElse(inputs.get(i), ""));
            if (s.alarm()) {
                alarms++;
                if (first == null) first = s;
            }
            maxStat = Math.max(maxStat, s.statistic());
            last = s;
        }
        return new Result(encoded.size(), first, first == null ? null : detector.classify(), alarms, maxStat, last.threshold(),
                detector.calibration().sampleSize(), config);
    }

    /**
     * A detector calibrated on the leave-one-out novelty of the reference's own sampled responses (the calibration every
     * drift check of a reference uses: this replay and the continuous monitor); InvalidInputException when the reference
     * samples fewer than {@value DriftDetector#MIN_CALIBRATION_SCORES} responses.
     */
    public static DriftDetector calibrated(ReferenceNovelty novelty, DriftConfig config) {
        double[] calibration = novelty.calibrationScores();
        if (calibration.length < DriftDetector.MIN_CALIBRATION_SCORES) {
            throw new InvalidInputException("the reference samples " + calibration.length + " responses; drift calibration needs at least "
                    + DriftDetector.MIN_CALIBRATION_SCORES);
        }
        return DriftDetector.calibrate(calibration, config);
    }
}
