package dev.assay.ranking.release;

import static java.lang.Double.NaN;

import dev.assay.core.contract.Verdict;
import java.time.Instant;
import dev.assay.ranking.figure.Figure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The release decision: FAIL if any guard fails, otherwise INCONCLUSIVE if any guard is
 * INCONCLUSIVE or NO_DATA, otherwise PASS; with every guard's numbers and the provenance
 * of the computation (resamples, seed, time).
 */
public record ReleaseReport(String contract, String production, String candidate, Verdict verdict,
                            List<GuardResult> guards, int resamples, long seed, Instant evaluatedAt) {
    public ReleaseReport {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(verdict, "verdict");
        guards = List.copyOf(guards);
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
    }

    static Verdict combine(List<GuardResult> results) {
        if (results.isEmpty()) return Verdict.NO_DATA;
        boolean undecided = false;
        for (GuardResult r : results) {
            if (r.verdict() == Verdict.FAIL) return Verdict.FAIL;
            if (r.verdict() != Verdict.PASS) undecided = true;
        }
        return undecided ? Verdict.INCONCLUSIVE : Verdict.PASS;
    }

    /** The report as Markdown: a summary line, then one table row per guard. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Release contract `").append(contract).append("`: **").append(verdict).append("**\n\n");
        sb.append("Candidate `").append(candidate).append("` against production `").append(production).append("`, evaluated ")
                .append(evaluatedAt).append(" (").append(resamples).append(" resamples, seed ").append(seed).append(").\n\n");
        sb.append("| guard | kind | verdict | estimate | bound | threshold | level | p | p (Holm) | n | detail |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (GuardResult g : guards) {
            // estimate, bound, threshold, level, p, p (Holm), n; an empty cell where the kind has no such number
            String cells = switch (g) {
                case GuardResult.Quality q -> cells(q.estimate(), q.lower(), q.threshold(), q.level(), q.pValue(), q.adjustedPValue())
                        + q.samples();
                case GuardResult.Latency l -> cells(l.valueMs(), NaN, l.guard().limitMs(), NaN, NaN, NaN) + l.samples();
                case GuardResult.TailRatio t -> cells(t.ratio(), NaN, t.guard().maxRatio(), NaN, NaN, NaN) + t.samples();
                case GuardResult.Overlap o -> cells(o.mean(), NaN, o.guard().minMean(), NaN, NaN, NaN) + o.topics();
                case GuardResult.Calibration c -> cells(c.drift(), NaN, c.guard().maxDrift(), NaN, NaN, NaN) + c.samples();
                case GuardResult.NoData n -> cells(NaN, NaN, NaN, NaN, NaN, NaN) + 0;
            };
            sb.append("| ").append(g.name()).append(" | ").append(g.guard().type()).append(" | ").append(g.verdict())
                    .append(" | ").append(cells).append(" | ").append(g.detail().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    /**
     * The report's Markdown followed by a {@code ## Figures} section linking {@code figures} under
     * {@code dir} (relative to the report); exactly {@link #markdown()} when there are none.
     */
    public String markdown(List<Figure> figures, String dir) {
        return markdown() + Figure.markdownSection(figures, dir);
    }

    /**
     * The figures of this report: per tested quality guard, the bootstrap distribution of its mean
     * delta with lines at the one-sided lower bound, the observed mean delta and the threshold
     * ({@code bootstrap-GUARD.png}); per quality guard with paired topics, the sorted per-topic deltas
     * ({@code topics-GUARD.png}).
     */
    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        for (GuardResult g : guards) {
            if (!(g instanceof GuardResult.Quality q)) continue;
            String measure = q.guard().measure().spec() + (q.guard().slice() == null ? "" : " on slice " + q.guard().slice());
            String delta = "Δ " + q.guard().measure().spec() + " (candidate − production)";
            q.bootstrap().ifPresent(h -> out.add(new Figure.Distribution(Figure.fileName("bootstrap", q.name()),
                    "Bootstrap distribution of mean Δ " + measure + " (guard " + q.name() + ", " + q.verdict() + ")",
                    "mean " + delta + " over " + q.samples() + " topics, " + resamples + " resamples", h,
                    List.of(new Figure.Marker(String.format(Locale.ROOT, "lower bound %+.4f (level %s)", q.lower(), plain(q.level())), q.lower()),
                            new Figure.Marker(String.format(Locale.ROOT, "observed %+.4f", q.estimate()), q.estimate()),
                            new Figure.Marker(String.format(Locale.ROOT, "threshold %+.4f", q.threshold()), q.threshold())))));
            out.add(new Figure.SortedDeltas(Figure.fileName("topics", q.name()),
                    "Per-topic Δ " + measure + " (guard " + q.name() + ", " + q.samples() + " topics)", delta, q.topicDeltas()));
        }
        return List.copyOf(out);
    }

    private static String plain(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static String cells(double... values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) sb.append(num(v)).append(" | ");
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
