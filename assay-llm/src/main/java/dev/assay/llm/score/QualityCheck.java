package dev.assay.llm.score;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The quality check of the token monitor: a response fails when any gated {@link Statistic} is above its threshold,
 * and the thresholds are not constants but quantiles of the same statistics over reference responses of the model
 * ({@link #calibrate}), so the check fails about {@code 1 - quantile} of responses like the reference per statistic and
 * more of responses unlike it. Perplexity and the maximum windowed surprisal are always gated; the mean entropy (its
 * lower bound) when every reference response had top-k log-probabilities.
 */
public final class QualityCheck {
    /** The fewest reference responses a calibration accepts. */
    public static final int MIN_REFERENCES = 10;
    /** Default quantile of the thresholds. */
    public static final double DEFAULT_QUANTILE = 0.95;

    private final Calibration calibration;
    private final String version;

    private QualityCheck(Calibration calibration) {
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.version = calibration.version();
    }

    /** The check of a calibration. */
    public static QualityCheck of(Calibration calibration) {
        return new QualityCheck(calibration);
    }

    /**
     * Thresholds at {@code quantile} (Hyndman-Fan type 7, R's default) of the reference reports, all scored with one
     * configuration; at least {@value #MIN_REFERENCES} of them.
     */
    public static Calibration calibrate(List<TokenReport> reference, double quantile) {
        Objects.requireNonNull(reference, "reference");
        if (!(quantile > 0 && quantile < 1)) throw new InvalidInputException("quantile must be in (0, 1), but was " + quantile);
        if (reference.size() < MIN_REFERENCES)
            throw new InvalidInputException("calibration needs at least " + MIN_REFERENCES + " reference responses, but had " + reference.size());
        TokenReport first = reference.getFirst();
        for (TokenReport r : reference) {
            if (r.window() != first.window() || r.vocabularySize() != first.vocabularySize())
                throw new InvalidInputException("the reference reports were scored with different windows or vocabulary sizes");
        }
        boolean entropy = reference.stream().allMatch(TokenReport::hasEntropy);
        Map<Statistic, Double> t = new EnumMap<>(Statistic.class);
        for (Statistic s : Statistic.values()) {
            if (s == Statistic.MEAN_ENTROPY && !entropy) continue;
            double[] v = reference.stream().mapToDouble(s::of).toArray();
            for (double x : v) {
                if (!Double.isFinite(x))
                    throw new InvalidInputException("a reference response's " + s.key() + " is " + x + "; calibration needs finite values");
            }
            Arrays.sort(v);
            t.put(s, type7(v, quantile));
        }
        return new Calibration(quantile, first.window(), first.vocabularySize(), reference.size(), t);
    }

    public Calibration calibration() {
        return calibration;
    }

    /** The calibration's version, cached. */
    public String version() {
        return version;
    }

    /** The verdict on {@code report}, which must be scored with the calibration's window and vocabulary size. */
    public QualityVerdict check(TokenReport report) {
        Objects.requireNonNull(report, "report");
        if (report.window() != calibration.window())
            throw new InvalidInputException("the response was scored with a window of " + report.window() + " tokens, the calibration with "
                    + calibration.window());
        if (calibration.thresholds().containsKey(Statistic.MEAN_ENTROPY) && report.vocabularySize() != calibration.vocabularySize())
            throw new InvalidInputException("the response was scored with vocabulary size " + report.vocabularySize() + ", the calibration with "
                    + calibration.vocabularySize());
        Map<Statistic, Double> values = new EnumMap<>(Statistic.class);
        List<String> reasons = new ArrayList<>();
        for (var e : calibration.thresholds().entrySet()) {
            Statistic s = e.getKey();
            if (s == Statistic.MEAN_ENTROPY && !report.hasEntropy())
                throw new InvalidInputException("missing top-k log-probabilities: the calibration gates meanEntropy, which needs them");
            double v = s.of(report);
            values.put(s, v);
            if (!(v <= e.getValue())) {
                reasons.add(String.format(Locale.ROOT, "%s %.4g > %.4g, the reference's %s quantile", s.key(), v, e.getValue(),
                        stripZeros(calibration.quantile())));
            }
        }
        return new QualityVerdict(reasons.isEmpty() ? QualityVerdict.Status.PASS : QualityVerdict.Status.FAIL, reasons, values, version);
    }

    /** Hyndman-Fan type 7 quantile of a sorted array (R's default; as core.stats computes it). */
    static double type7(double[] sorted, double p) {
        int n = sorted.length;
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= n - 1) return sorted[n - 1];
        double frac = h - lo;
        return frac == 0.0 ? sorted[lo] : sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
    }

    private static String stripZeros(double q) {
        return new java.math.BigDecimal(Double.toString(q)).stripTrailingZeros().toPlainString();
    }
}
