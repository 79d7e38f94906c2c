package dev.assay.fingerprint.drift;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Types a drift from the detector's recent history (standardized scores, input novelty, input markers).
 *
 * <p>Evidence, all computed on the standardized scores z of the history (n points, oldest first):
 * <ul>
 *   <li><b>change point</b>: the split maximizing the pooled two-sample t of an upward mean shift (at least
 *       {@value #MIN_SEGMENT} points each side), the gap between the segments' least-squares lines at the split
 *       (the jump) and its <i>abruptness</i>, {@code jump / (jump + |slope1| n1 + |slope2| n2)}: 1 for a pure step,
 *       near 0 when the rise comes from trends within the segments;</li>
 *   <li><b>trend</b>: Mann–Kendall S, Z and p with Sen's slope over the last {@code window} points;</li>
 *   <li><b>autocorrelation</b>: the ACF at lags 1..window/2 and its highest value after it first turns negative,
 *       against the white-noise bound 1.96/sqrt(n);</li>
 *   <li><b>split half</b>: Welch's t between the first and second half of the post-change segment (a stable new
 *       level has |t| &lt; {@value #STABLE_T});</li>
 *   <li><b>input novelty</b>: Welch's t and the standardized difference of the inputs' own novelty after versus
 *       before the change point (only points that carry one);</li>
 *   <li><b>adversarial</b>: among post-change points, the share of the CUSUM excess {@code max(0, z - k)} that comes
 *       from suspicious inputs (injection phrases or role tags, invisible characters, mixed-script words, long
 *       repeated-token runs, base64-like blobs, a log length more than {@value Point#ABNORMAL_LENGTH_Z} sd from the
 *       inputs before), and the gap between their mean z and that of the history's clean points.</li>
 * </ul>
 *
 * <p>Decision rules, first match wins:
 * <ol>
 *   <li>ADVERSARIAL: at least {@value #ADVERSARIAL_MIN_POINTS} suspicious post-change points carry at least
 *       {@value #ADVERSARIAL_SHARE} of the excess and score at least {@value #ADVERSARIAL_Z_GAP} sd above clean
 *       points. First, because an attack also looks like a shift and must not be mistaken for one.
 *       Confidence: the excess share.</li>
 *   <li>PERIODIC: the ACF dips below -1.96/sqrt(n) and then peaks above both the bound and
 *       {@value #PERIODIC_MIN_ACF}. Before the shift rules, because bursts also produce change points.
 *       Confidence: the peak.</li>
 *   <li>CONCEPT: a significant jump (t &ge; {@value #JUMP_T}), input novelty present for at least
 *       {@value #MIN_SEGMENT} points each side and unchanged (|t| &lt; {@value #NOVELTY_T} and |difference| &lt;
 *       {@value #NOVELTY_SHIFT} sd), and a stable new level (split-half |t| &lt; {@value #STABLE_T}): the answers
 *       changed for the same kind of inputs. Confidence: {@code 1 - max(|t_novelty| / 2, |t_split| / 2)}.</li>
 *   <li>SUDDEN: a significant jump with abruptness &ge; {@value #ABRUPT}: an abrupt level shift, whether the
 *       inputs moved with it or their novelty is unknown. Confidence: the abruptness.</li>
 *   <li>GRADUAL: an upward Mann–Kendall trend with p &lt; {@value #TREND_P}, the jump being absent or not
 *       dominant. Confidence: {@code 1 - abruptness}.</li>
 *   <li>Otherwise no rule holds: SUDDEN if abruptness &ge; {@value #ABRUPT}, else GRADUAL, at half the confidence,
 *       and the reason says the evidence is weak. With fewer than {@code 2 x }{@value #MIN_SEGMENT} points nothing
 *       can be computed: SUDDEN at confidence 0.</li>
 * </ol>
 * The verdict sharpens as post-change points accumulate; at the first alarm after a step the post-change segment
 * may hold only a dozen points. Cost: O(n window + window^2) time, O(n + window^2) memory.
 */
final class DriftClassifier {
    static final int MIN_SEGMENT = 5;
    static final double JUMP_T = 3.5;
    static final double ABRUPT = 0.5;
    static final double TREND_P = 0.01;
    static final double STABLE_T = 2.0;
    static final double NOVELTY_T = 2.0;
    static final double NOVELTY_SHIFT = 0.5;
    static final double PERIODIC_MIN_ACF = 0.25;
    static final double ADVERSARIAL_SHARE = 0.5;
    static final double ADVERSARIAL_Z_GAP = 1.0;
    static final int ADVERSARIAL_MIN_POINTS = 3;

    private DriftClassifier() {
    }

    static DriftVerdict classify(List<Point> history, int window, double allowance) {
        int n = history.size();
        Map<String, Double> ev = new LinkedHashMap<>();
        ev.put("points", (double) n);
        if (n < 2 * MIN_SEGMENT) {
            return new DriftVerdict(DriftType.SUDDEN, 0, ev,
                    "too few points (" + n + ") to type the drift; an alarm this early is a jump from the start");
        }
        double[] z = history.stream().mapToDouble(Point::z).toArray();

        DriftEvidence.ChangePoint cp = DriftEvidence.changePoint(z, MIN_SEGMENT);
        ev.put("changepoint.index", (double) history.get(cp.index()).index());
        ev.put("changepoint.t", cp.t());
        ev.put("changepoint.meanShift", cp.meanShift());
        ev.put("changepoint.jump", cp.jump());
        ev.put("changepoint.slopeBefore", cp.slopeBefore());
        ev.put("changepoint.slopeAfter", cp.slopeAfter());
        ev.put("changepoint.abruptness", cp.abruptness());

        DriftEvidence.MannKendall mk = DriftEvidence.mannKendall(Arrays.copyOfRange(z, Math.max(0, n - window), n));
        ev.put("trend.mk.s", (double) mk.s());
        ev.put("trend.mk.z", mk.z());
        ev.put("trend.mk.p", mk.p());
        ev.put("trend.sen.slope", mk.senSlope());

        DriftEvidence.Periodicity per = DriftEvidence.periodicity(DriftEvidence.acf(z, window / 2), n);
        ev.put("acf.peak.lag", (double) per.lag());
        ev.put("acf.peak", per.peak());
        ev.put("acf.trough", per.trough());
        ev.put("acf.bound", per.bound());

        double[] after = Arrays.copyOfRange(z, cp.index(), n);
        int half = after.length / 2;
        double splitT = DriftEvidence.welchT(Arrays.copyOfRange(after, 0, half), Arrays.copyOfRange(after, half, after.length));
        ev.put("split.t", splitT);
        ev.put("split.shift", DriftEvidence.mean(Arrays.copyOfRange(after, half, after.length))
                - DriftEvidence.mean(Arrays.copyOfRange(after, 0, half)));

        double[] novBefore = novelty(history.subList(0, cp.index()));
        double[] novAfter = novelty(history.subList(cp.index(), n));
        boolean noveltyKnown = novBefore.length >= MIN_SEGMENT && novAfter.length >= MIN_SEGMENT;
        double novT = noveltyKnown ? DriftEvidence.welchT(novBefore, novAfter) : Double.NaN;
        double novShift = noveltyKnown ? standardizedDifference(novBefore, novAfter) : Double.NaN;
        ev.put("input.novelty.t", novT);
        ev.put("input.novelty.shift", novShift);

        Adversarial adv = adversarial(history, cp.index(), allowance);
        ev.put("adversarial.suspiciousBefore", adv.shareBefore());
        ev.put("adversarial.suspiciousAfter", adv.shareAfter());
        ev.put("adversarial.driveShare", adv.driveShare());
        ev.put("adversarial.zGap", adv.zGap());

        long at = history.get(cp.index()).index();
        boolean jump = cp.t() >= JUMP_T;
        if (adv.suspiciousAfter() >= ADVERSARIAL_MIN_POINTS && adv.driveShare() >= ADVERSARIAL_SHARE
                && adv.zGap() >= ADVERSARIAL_Z_GAP) {
            return new DriftVerdict(DriftType.ADVERSARIAL, adv.driveShare(), ev, String.format(Locale.ROOT,
                    "%d suspicious inputs after point %d carry %.0f%% of the excess score and score %.2f sd above clean inputs",
                    adv.suspiciousAfter(), at, 100 * adv.driveShare(), adv.zGap()));
        }
        if (per.periodic(PERIODIC_MIN_ACF)) {
            return new DriftVerdict(DriftType.PERIODIC, clamp(per.peak()), ev, String.format(Locale.ROOT,
                    "autocorrelation dips to %.2f and peaks at %.2f at lag %d (bound %.3f)",
                    per.trough(), per.peak(), per.lag(), per.bound()));
        }
        boolean noveltyUnchanged = Math.abs(novT) < NOVELTY_T && Math.abs(novShift) < NOVELTY_SHIFT;
        boolean stable = Math.abs(splitT) < STABLE_T;
        if (jump && noveltyUnchanged && stable) {
            double confidence = clamp(1 - Math.max(Math.abs(novT) / NOVELTY_T, Math.abs(splitT) / STABLE_T));
            return new DriftVerdict(DriftType.CONCEPT, confidence, ev, String.format(Locale.ROOT,
                    "scores shifted by %.2f sd at point %d (t = %.1f) and held (split-half t = %.2f) while input novelty"
                            + " did not move (t = %.2f, %.2f sd)", cp.meanShift(), at, cp.t(), splitT, novT, novShift));
        }
        if (jump && cp.abruptness() >= ABRUPT) {
            return new DriftVerdict(DriftType.SUDDEN, clamp(cp.abruptness()), ev, String.format(Locale.ROOT,
                    "abrupt level shift of %.2f sd at point %d (t = %.1f, abruptness %.2f)%s", cp.meanShift(), at, cp.t(),
                    cp.abruptness(), noveltyKnown ? String.format(Locale.ROOT, "; input novelty moved too (t = %.2f)", novT)
                            : "; input novelty unknown"));
        }
        if (mk.s() > 0 && mk.p() < TREND_P) {
            return new DriftVerdict(DriftType.GRADUAL, clamp(1 - cp.abruptness()), ev, String.format(Locale.ROOT,
                    "monotone upward trend over the last %d points (Mann-Kendall Z = %.2f, p = %.2g, Sen slope %.4f sd"
                            + " per point) without a dominant jump (abruptness %.2f)",
                    Math.min(n, window), mk.z(), mk.p(), mk.senSlope(), cp.abruptness()));
        }
        DriftType guess = cp.abruptness() >= ABRUPT ? DriftType.SUDDEN : DriftType.GRADUAL;
        double confidence = 0.5 * clamp(guess == DriftType.SUDDEN ? cp.abruptness() : 1 - cp.abruptness());
        return new DriftVerdict(guess, confidence, ev, String.format(Locale.ROOT,
                "weak evidence: no significant jump (t = %.1f), trend (p = %.2g) or periodicity; abruptness %.2f",
                cp.t(), mk.p(), cp.abruptness()));
    }

    record Adversarial(int suspiciousAfter, double shareBefore, double shareAfter, double driveShare, double zGap) {
    }

    static Adversarial adversarial(List<Point> history, int change, double allowance) {
        int suspiciousBefore = 0;
        double cleanSum = 0;
        int clean = 0;
        for (int i = 0; i < history.size(); i++) {
            Point p = history.get(i);
            if (!p.suspicious()) {
                cleanSum += p.z();
                clean++;
            } else if (i < change) {
                suspiciousBefore++;
            }
        }
        int suspiciousAfter = 0;
        double suspiciousZ = 0;
        double excess = 0;
        double suspiciousExcess = 0;
        for (Point p : history.subList(change, history.size())) {
            double e = Math.max(0, p.z() - allowance);
            excess += e;
            if (p.suspicious()) {
                suspiciousAfter++;
                suspiciousZ += p.z();
                suspiciousExcess += e;
            }
        }
        int afterCount = history.size() - change;
        double zGap = suspiciousAfter == 0 || clean == 0 ? Double.NaN : suspiciousZ / suspiciousAfter - cleanSum / clean;
        return new Adversarial(suspiciousAfter, change == 0 ? Double.NaN : (double) suspiciousBefore / change,
                (double) suspiciousAfter / afterCount, excess > 0 ? suspiciousExcess / excess : 0, zGap);
    }

    private static double[] novelty(List<Point> points) {
        return points.stream().mapToDouble(Point::inputNovelty).filter(Double::isFinite).toArray();
    }

    private static double standardizedDifference(double[] before, double[] after) {
        double pooled = ((before.length - 1) * DriftEvidence.variance(before) + (after.length - 1) * DriftEvidence.variance(after))
                / (before.length + after.length - 2);
        double diff = DriftEvidence.mean(after) - DriftEvidence.mean(before);
        return pooled > 0 ? diff / Math.sqrt(pooled) : diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff);
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }
}
