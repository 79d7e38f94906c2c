package dev.assay.fingerprint.drift;

import dev.assay.core.InvalidInputException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Detects upward drift of a deployed model's novelty scores against a reference, and types it.
 *
 * <p><b>Statistic.</b> Each score is standardized by the calibration sample's mean and standard deviation,
 * {@code z = (s - mean) / sd}, and fed to a one-sided CUSUM restricted to the last {@code window} responses:
 * {@code W_t = max over runs ending at t of length <= window of sum (z_i - k)}, with allowance
 * {@code k = shift / 2}. Page's CUSUM is the sequential test that minimizes the worst-case detection delay of a mean
 * shift of {@code shift} sd for a given false-alarm rate (Lorden 1971; Moustakides 1986), it is one-sided as drift
 * is (larger scores = less like the reference), and it accumulates small shifts a difference of window means would
 * need the whole window to see. The window bounds the evidence to recent responses, so an alarm is always about
 * the last {@code window} and the run's start estimates the change point.
 *
 * <p><b>Threshold.</b> Calibrated by bootstrap simulation (see {@code ThresholdCalibrator}): streams resampled from
 * the standardized calibration sample, capped at 3 ARL0 and censored there, the mean run length estimated as
 * total responses over false alarms, and h found by bisection so that it matches {@code expectedRunLength}. The
 * bootstrap uses the calibration sample's own shape (scores are bounded and skewed, not normal), so the
 * false-alarm rate holds as far as live scores under no drift behave like draws from that sample. With 400 streams
 * the run length is estimated to about 5%; estimating mean and sd from n calibration scores adds an error of order
 * {@code 1/sqrt(n)} sd to the standardization. Deterministic for a sample and seed.
 *
 * <p><b>Typing.</b> The detector keeps the last {@value #HISTORY_WINDOWS} x window responses (score, input
 * novelty, input markers; not the inputs themselves) and a running mean and variance of input log lengths; when
 * an alarm begins, {@code DriftClassifier} types the drift from that history, and {@link #classify()} does so again
 * on demand as more responses arrive.
 *
 * <p>Memory O(window), time O(1) per response plus the classification at an alarm. Not thread-safe.
 */
public final class DriftDetector {
    /** History kept for typing, in windows. */
    public static final int HISTORY_WINDOWS = 10;
    /** Fewest calibration scores accepted. */
    public static final int MIN_CALIBRATION_SCORES = 30;
    private static final int MIN_LENGTH_HISTORY = 30;

    private final DriftConfig config;
    private final DriftCalibration calibration;
    private final WindowedCusum cusum;
    private final ArrayDeque<Point> history = new ArrayDeque<>();
    private long lengthCount;
    private double lengthMean;
    private double lengthM2;
    private boolean alarmed;

    private DriftDetector(DriftConfig config, DriftCalibration calibration) {
        this(config, calibration, new WindowedCusum(config.window(), config.allowance()));
    }

    private DriftDetector(DriftConfig config, DriftCalibration calibration, WindowedCusum cusum) {
        this.config = config;
        this.calibration = calibration;
        this.cusum = cusum;
    }

    /**
     * Calibrates a detector on novelty scores of held-out reference responses (at least
     * {@value #MIN_CALIBRATION_SCORES}, finite, not all equal).
     */
    public static DriftDetector calibrate(double[] calibrationScores, DriftConfig config) {
        Objects.requireNonNull(config, "config");
        if (calibrationScores == null || calibrationScores.length < MIN_CALIBRATION_SCORES) {
            throw new InvalidInputException("calibrationScores must hold at least " + MIN_CALIBRATION_SCORES
                    + " scores, but had " + (calibrationScores == null ? 0 : calibrationScores.length));
        }
        for (int i = 0; i < calibrationScores.length; i++) {
            if (!Double.isFinite(calibrationScores[i])) {
                throw new InvalidInputException("calibrationScores[" + i + "] must be finite, but was " + calibrationScores[i]);
            }
        }
        double mean = DriftEvidence.mean(calibrationScores);
        double sd = Math.sqrt(DriftEvidence.variance(calibrationScores));
        if (!(sd > 0)) {
            throw new InvalidInputException("calibrationScores must not all be equal, but all were " + calibrationScores[0]);
        }
        double[] standardized = new double[calibrationScores.length];
        for (int i = 0; i < standardized.length; i++) {
            standardized[i] = (calibrationScores[i] - mean) / sd;
        }
        ThresholdCalibrator.Result r = ThresholdCalibrator.calibrate(standardized, config);
        return new DriftDetector(config, new DriftCalibration(calibrationScores.length, mean, sd, config.allowance(),
                r.threshold(), r.estimatedRunLength(), r.streams(), r.alarms(), r.streamLength(), config.seed()));
    }

    /** Observes one response without an input novelty score. */
    public DriftState observe(double score, Instant time, String input) {
        return observe(score, Double.NaN, time, input);
    }

    /**
     * Observes one response: its novelty {@code score}, the novelty of its input alone ({@code NaN} when unknown;
     * used to tell a concept drift from a shift of the inputs), when it was seen and its input text.
     */
    public DriftState observe(double score, double inputNovelty, Instant time, String input) {
        if (!Double.isFinite(score)) {
            throw new InvalidInputException("score must be finite, but was " + score);
        }
        if (Double.isInfinite(inputNovelty)) {
            throw new InvalidInputException("inputNovelty must be finite or NaN, but was " + inputNovelty);
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(input, "input");
        double z = (score - calibration.mean()) / calibration.sd();
        double w = cusum.step(z);
        Point point = new Point(cusum.steps(), time, z, inputNovelty, InputSignals.scan(input), lengthZ(input.length()));
        if (history.size() == HISTORY_WINDOWS * config.window()) {
            history.removeFirst();
        }
        history.addLast(point);
        boolean alarm = w > calibration.threshold();
        Optional<DriftVerdict> verdict = alarm && !alarmed ? Optional.of(classify()) : Optional.empty();
        alarmed = alarm;
        return new DriftState(point.index(), time, w, calibration.threshold(), alarm, cusum.runStart(), verdict);
    }

    /** Types the drift from the current history (meaningful once an alarm has fired). */
    public DriftVerdict classify() {
        return DriftClassifier.classify(List.copyOf(history), config.window(), config.allowance());
    }

    /** How the threshold was calibrated. */
    public DriftCalibration calibration() {
        return calibration;
    }

    /** The configuration. */
    public DriftConfig config() {
        return config;
    }

    private static final int STATE_VERSION = 1;

    /**
     * The detector's whole state (calibration, CUSUM, history, input-length statistics, alarm), every double by its
     * bits, from which {@link #resume} continues exactly: a resumed detector answers every later response as this one
     * would. Its size is O(window).
     */
    public byte[] state() {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(STATE_VERSION);
            DriftCalibration c = calibration;
            out.writeInt(c.sampleSize());
            out.writeDouble(c.mean());
            out.writeDouble(c.sd());
            out.writeDouble(c.allowance());
            out.writeDouble(c.threshold());
            out.writeDouble(c.estimatedRunLength());
            out.writeInt(c.streams());
            out.writeInt(c.alarms());
            out.writeLong(c.streamLength());
            out.writeLong(c.seed());
            cusum.write(out);
            out.writeInt(history.size());
            for (Point p : history) {
                out.writeLong(p.index());
                out.writeLong(p.time().getEpochSecond());
                out.writeInt(p.time().getNano());
                out.writeDouble(p.z());
                out.writeDouble(p.inputNovelty());
                InputSignals g = p.signals();
                out.writeByte((g.injection() ? 1 : 0) | (g.invisible() ? 2 : 0) | (g.homoglyph() ? 4 : 0) | (g.repetition() ? 8 : 0)
                        | (g.blob() ? 16 : 0));
                out.writeInt(g.length());
                out.writeDouble(p.lengthZ());
            }
            out.writeLong(lengthCount);
            out.writeDouble(lengthMean);
            out.writeDouble(lengthM2);
            out.writeBoolean(alarmed);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * The detector continuing from {@code state} (written by {@link #state()} of a detector under {@code config});
     * InvalidInputException when it is not one.
     */
    public static DriftDetector resume(DriftConfig config, byte[] state) {
        Objects.requireNonNull(config, "config");
        try (var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(state))) {
            if (in.readInt() != STATE_VERSION) throw new InvalidInputException("not a drift detector state of version " + STATE_VERSION);
            DriftCalibration c = new DriftCalibration(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readInt(), in.readInt(), in.readLong(), in.readLong());
            if (c.seed() != config.seed() || Double.compare(c.allowance(), config.allowance()) != 0)
                throw new InvalidInputException("the drift detector state was calibrated under other settings (seed " + c.seed()
                        + ", allowance " + c.allowance() + ")");
            DriftDetector d = new DriftDetector(config, c, WindowedCusum.read(config.window(), config.allowance(), in));
            int n = in.readInt();
            if (n < 0 || n > HISTORY_WINDOWS * config.window()) throw new InvalidInputException("a drift detector state with " + n + " points");
            for (int i = 0; i < n; i++) {
                long index = in.readLong();
                Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
                double z = in.readDouble();
                double inputNovelty = in.readDouble();
                int flags = in.readByte();
                InputSignals g = new InputSignals((flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0, (flags & 16) != 0,
                        in.readInt());
                d.history.addLast(new Point(index, time, z, inputNovelty, g, in.readDouble()));
            }
            d.lengthCount = in.readLong();
            d.lengthMean = in.readDouble();
            d.lengthM2 = in.readDouble();
            d.alarmed = in.readBoolean();
            if (in.read() != -1) throw new InvalidInputException("a drift detector state with trailing bytes");
            return d;
        } catch (java.io.IOException | java.time.DateTimeException e) {
            throw new InvalidInputException("not a drift detector state: " + (e instanceof java.io.EOFException ? "truncated" : e.getMessage()));
        }
    }

    /** Whether the last response observed was in alarm. */
    public boolean alarmed() {
        return alarmed;
    }

    /** Standardizes the log length against the inputs seen before, then adds it (Welford). */
    private double lengthZ(int length) {
        double x = Math.log1p(length);
        double sd = lengthCount > 1 ? Math.sqrt(lengthM2 / (lengthCount - 1)) : 0;
        double result = lengthCount >= MIN_LENGTH_HISTORY && sd > 0 ? (x - lengthMean) / sd : Double.NaN;
        lengthCount++;
        double delta = x - lengthMean;
        lengthMean += delta / lengthCount;
        lengthM2 += delta * (x - lengthMean);
        return result;
    }
}
