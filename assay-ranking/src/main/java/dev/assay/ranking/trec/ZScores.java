package dev.assay.ranking.trec;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Means and standard deviations of measures per topic from a reference set of runs, lines
 * {@code topic measure mean stddev}: trec_eval's {@code -Z} file ({@code get_zscores.c}). {@link #convert} turns a
 * topic's value into its z-score as {@code convert_zscores.c} does. {@code measure} is trec_eval's printed name of
 * the value ({@code P_10}, {@code iprec_at_recall_0.50}). Stricter than trec_eval's {@code atof}, mean and stddev
 * must be finite decimals, and a (topic, measure) given twice is an error (trec_eval would use one of them);
 * a line whose first byte is '#' is a comment and blank lines are skipped, as in the relevance files.
 */
public final class ZScores {
    /** The value trec_eval gives a topic's value that has no mean and stddev, or a zero stddev and a value off the mean. */
    public static final double MISSING_VALUE = -1000000;

    private final String source;
    private final Map<String, Map<String, double[]>> topics;

    private ZScores(String source, Map<String, Map<String, double[]>> topics) {
        this.source = source;
        this.topics = topics;
    }

    /** Reads a z-scores file, plain or gzip. */
    public static ZScores read(Path file) {
        return parse(TrecText.readAll(file), file.toString());
    }

    /** Reads z-scores from a stream, plain or gzip; {@code source} names it in error messages. */
    public static ZScores read(InputStream in, String source) {
        return parse(TrecText.readAll(in, source), source);
    }

    /** The file or source name. */
    public String source() {
        return source;
    }

    /**
     * {@code te_convert_to_zscore} for one value of {@code measure} on {@code topic}: {@code (value - mean) / stddev};
     * with a zero stddev, 0 when the value is the mean; {@link #MISSING_VALUE} when the value is off a zero-stddev
     * mean or the file has no line for the topic and measure.
     */
    public double convert(String topic, String measure, double value) {
        Map<String, double[]> t = topics.get(topic);
        double[] ms = t == null ? null : t.get(measure);
        if (ms == null) {
            return MISSING_VALUE;
        }
        if (ms[1] != 0.0) {
            return (value - ms[0]) / ms[1];
        }
        return value == ms[0] ? 0 : MISSING_VALUE;
    }

    private static ZScores parse(byte[] buf, String source) {
        Objects.requireNonNull(source, "source");
        Map<String, Map<String, double[]>> topics = new HashMap<>();
        TrecText.forEachJudgmentLine(buf, source, 4, "topic measure mean stddev", (bounds, line) -> {
            String topic = new String(buf, bounds[0], bounds[1] - bounds[0], StandardCharsets.ISO_8859_1);
            String measure = new String(buf, bounds[2], bounds[3] - bounds[2], StandardCharsets.ISO_8859_1);
            double mean = number(buf, bounds[4], bounds[5], "mean", source, line);
            double stddev = number(buf, bounds[6], bounds[7], "stddev", source, line);
            if (topics.computeIfAbsent(topic, k -> new HashMap<>()).putIfAbsent(measure, new double[] {mean, stddev}) != null) {
                throw new TrecFormatException(source, line, "measure " + measure + " given twice for topic " + topic);
            }
        });
        if (topics.isEmpty()) {
            throw new TrecFormatException(source, 0, "no z-scores (empty file)");
        }
        return new ZScores(source, topics);
    }

    private static double number(byte[] buf, int from, int to, String what, String source, long line) {
        double v = TrecText.parseDecimal(buf, from, to);
        if (Double.isNaN(v)) {
            throw new TrecFormatException(source, line, what + " is not a finite number: "
                    + new String(buf, from, to - from, StandardCharsets.ISO_8859_1));
        }
        return v;
    }
}
