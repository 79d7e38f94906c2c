package dev.assay.ranking.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * trec_eval's text output for a {@link RunScores}: lines {@code printf("%-22s\t%s\t%.4f\n",
 * measure, topic, value)}, topic {@code all} for the mean. Assay prints the {@code runid} line first
 * (trec_eval prints it only with its official measure set, inside the {@code all} block), then per-topic
 * lines when asked (topics in order, measures in table order within a topic, like {@code -q}), then the means.
 */
final class TrecEvalReport {
    private TrecEvalReport() {}

    /** The report of one run; the caller must check {@link RunScores#hasData()} first. */
    public static String format(RunScores e, boolean perTopic) {
        if (!e.hasData()) {
            throw new IllegalArgumentException("NO_DATA: run " + e.runId() + " has no judged topic");
        }
        StringBuilder out = new StringBuilder(64 * (1 + e.measures().size() * (perTopic ? e.topics().size() + 1 : 1)));
        line(out, "runid", "all").append(display(e.runId())).append('\n');
        List<Measure> measures = e.measures();
        if (perTopic) {
            double[][] v = new double[measures.size()][];
            for (int m = 0; m < v.length; m++) {
                v[m] = e.perTopic(measures.get(m));
            }
            for (int t = 0; t < e.topics().size(); t++) {
                String topic = display(e.topics().get(t));
                for (int m = 0; m < v.length; m++) {
                    line(out, measures.get(m).name(), topic).append(fourDecimals(v[m][t])).append('\n');
                }
            }
        }
        for (Measure m : measures) {
            line(out, m.name(), "all").append(fourDecimals(e.mean(m).orElseThrow())).append('\n');
        }
        return out.toString();
    }

    /**
     * C's {@code %.4f}: the exact binary value rounded to 4 decimals, ties to even (glibc); Java's
     * {@code String.format} rounds the shortest decimal half-up instead, which differs on some values.
     */
    public static String fourDecimals(double value) {
        BigDecimal rounded = new BigDecimal(value).setScale(4, RoundingMode.HALF_EVEN);
        String text = rounded.toPlainString();
        return rounded.signum() == 0 && (value < 0 || 1 / value < 0) ? "-" + text : text;
    }

    private static StringBuilder line(StringBuilder out, String name, String topic) {
        out.append(name);
        for (int i = name.length(); i < 22; i++) {
            out.append(' ');
        }
        return out.append('\t').append(topic).append('\t');
    }

    /** Topic and run ids are kept as raw bytes (ISO-8859-1) for strcmp order; print them as the UTF-8 they were. */
    private static String display(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) > 0x7f) {
                return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return raw;
    }
}
