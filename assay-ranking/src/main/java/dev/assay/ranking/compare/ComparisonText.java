package dev.assay.ranking.compare;

import dev.assay.core.JsonNumbers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The text table and the JSON of a {@link ComparisonReport}. */
final class ComparisonText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ComparisonText() {}

    static String table(ComparisonReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("A: ").append(r.a().runId()).append(" (").append(r.a().source()).append(")\n");
        sb.append("B: ").append(r.b().runId()).append(" (").append(r.b().source()).append(")\n");
        if (r.status() == ComparisonReport.Status.NO_DATA) {
            sb.append("NO_DATA: no topic is in both runs and the qrels; nothing to compare\n");
            return sb.toString();
        }
        String level = pct(1 - r.alpha());
        sb.append(String.format(Locale.ROOT, "%d topics (%s); delta = B - A; %s%% BCa paired-bootstrap CI (%d resamples, seed %d); "
                        + "two-sided sign-flip p, Holm-adjusted over %d measure%s; W/T/L = topics B wins/ties/loses%n%n",
                r.topics(), r.scope() == dev.assay.ranking.metrics.TopicScope.COMMON ? "in both runs and the qrels" : "every qrels topic, -c",
                level, r.resamples(), r.seed(), r.measures().size(), r.measures().size() == 1 ? "" : "s"));
        int w = "measure".length();
        for (MeasureComparison m : r.measures()) w = Math.max(w, m.measure().length());
        String ci = level + "% CI";
        String head = "%-" + w + "s  %7s  %7s  %8s  %-19s  %7s  %7s  %-11s  %7s%n";
        sb.append(String.format(Locale.ROOT, head, "measure", "mean A", "mean B", "delta", ci, "p", "p Holm", "W/T/L", "effect"));
        for (MeasureComparison m : r.measures()) {
            sb.append(String.format(Locale.ROOT, head, m.measure(), f4(m.meanA()), f4(m.meanB()), signed(m.meanDelta()),
                    Double.isNaN(m.ciLower()) ? "n/a" : "[" + signed(m.ciLower()) + ", " + signed(m.ciUpper()) + "]",
                    f4(m.pValue()), f4(m.holmPValue()), m.wins() + "/" + m.ties() + "/" + m.losses(),
                    Double.isNaN(m.effectSize()) ? "n/a" : String.format(Locale.ROOT, "%+.3f", m.effectSize())));
        }
        sb.append(String.format(Locale.ROOT, "%nmean Jaccard@%d of A and B: %s over %d topics%n", RunComparison.OVERLAP_K,
                f4(r.meanJaccard()), r.overlapTopics()));
        return sb.toString();
    }

    static String markdown(ComparisonReport r) {
        StringBuilder sb = new StringBuilder("# Run comparison: `").append(r.b().runId()).append("` (B) against `")
                .append(r.a().runId()).append("` (A)\n\n");
        sb.append("A: `").append(r.a().source()).append("`, B: `").append(r.b().source()).append("`.\n\n");
        if (r.status() == ComparisonReport.Status.NO_DATA) return sb.append("**NO_DATA**: no topic is in both runs and the qrels; nothing to compare.\n").toString();
        String level = pct(1 - r.alpha());
        sb.append(String.format(Locale.ROOT, "%d topics (%s); delta = B - A; %s%% BCa paired-bootstrap CI (%d resamples, seed %d); "
                        + "two-sided sign-flip p, Holm-adjusted over %d measure%s; W/T/L = topics B wins/ties/loses.%n%n", r.topics(),
                r.scope() == dev.assay.ranking.metrics.TopicScope.COMMON ? "in both runs and the qrels" : "every qrels topic, -c",
                level, r.resamples(), r.seed(), r.measures().size(), r.measures().size() == 1 ? "" : "s"));
        sb.append("| measure | mean A | mean B | delta | ").append(level).append("% CI | p | p Holm | W/T/L | effect |\n");
        sb.append("|---|---:|---:|---:|---|---:|---:|---|---:|\n");
        for (MeasureComparison m : r.measures()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %d/%d/%d | %s |%n", m.measure(), f4(m.meanA()),
                    f4(m.meanB()), signed(m.meanDelta()),
                    Double.isNaN(m.ciLower()) ? "n/a" : "[" + signed(m.ciLower()) + ", " + signed(m.ciUpper()) + "]",
                    f4(m.pValue()), f4(m.holmPValue()), m.wins(), m.ties(), m.losses(),
                    Double.isNaN(m.effectSize()) ? "n/a" : String.format(Locale.ROOT, "%+.3f", m.effectSize())));
        }
        sb.append(String.format(Locale.ROOT, "%nMean Jaccard@%d of A and B: %s over %d topics.%n", RunComparison.OVERLAP_K,
                f4(r.meanJaccard()), r.overlapTopics()));
        return sb.toString();
    }

    static ObjectNode json(ComparisonReport r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("status", r.status().name());
        n.putObject("a").put("runId", r.a().runId()).put("source", r.a().source());
        n.putObject("b").put("runId", r.b().runId()).put("source", r.b().source());
        n.put("scope", r.scope().name().toLowerCase(Locale.ROOT)).put("topics", r.topics()).put("alpha", r.alpha())
                .put("resamples", r.resamples()).put("seed", r.seed());
        ArrayNode ms = n.putArray("measures");
        for (MeasureComparison m : r.measures()) {
            ObjectNode o = ms.addObject().put("measure", m.measure()).put("topics", m.topics());
            num(o, "meanA", m.meanA());
            num(o, "meanB", m.meanB());
            num(o, "meanDelta", m.meanDelta());
            num(o, "ciLower", m.ciLower());
            num(o, "ciUpper", m.ciUpper());
            num(o, "pValue", m.pValue());
            num(o, "holmPValue", m.holmPValue());
            o.put("wins", m.wins()).put("ties", m.ties()).put("losses", m.losses());
            num(o, "effectSize", m.effectSize());
        }
        ObjectNode j = n.putObject("jaccard");
        j.put("k", RunComparison.OVERLAP_K);
        num(j, "mean", r.meanJaccard());
        j.put("topics", r.overlapTopics());
        return n;
    }

    private static void num(ObjectNode o, String field, double v) {
        JsonNumbers.put(o, field, v);
    }

    private static String f4(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.4f", v);
    }

    private static String pct(double level) {
        return java.math.BigDecimal.valueOf(level * 100).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }
}
