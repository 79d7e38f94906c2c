package dev.assay.ranking.release;

import static java.lang.Double.NaN;

import dev.assay.core.contract.Verdict;
import java.time.Instant;
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

    private static String cells(double... values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) sb.append(num(v)).append(" | ");
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
