package dev.assay.ranking.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One run's measures per topic and summarised. {@link #topics()} is the averaging set in trec_eval's
 * order; {@link #commonTopics()} counts those the run actually answered. With no common topic there
 * is no data: {@link #mean} is empty (never 0).
 */
public final class RunScores {
    private final String runId;
    private final List<Measure> measures;
    private final List<String> topics;
    private final Map<String, Integer> topicIndex;
    private final double[][] values;
    private final double[] summary;
    private final String[][] texts;
    private final int commonTopics;
    private final EvalOptions options;

    RunScores(String runId, List<Measure> measures, List<String> topics, double[][] values, double[] summary, String[][] texts,
              int commonTopics, EvalOptions options) {
        this.runId = runId;
        this.measures = List.copyOf(measures);
        this.topics = List.copyOf(topics);
        this.values = values;
        this.summary = summary;
        this.texts = texts;
        this.commonTopics = commonTopics;
        this.options = options;
        this.topicIndex = new HashMap<>();
        for (int i = 0; i < topics.size(); i++) {
            topicIndex.put(topics.get(i), i);
        }
    }

    /** The run id (the run file's sixth column). */
    public String runId() {
        return runId;
    }

    /** The measures, in the order given. */
    public List<Measure> measures() {
        return measures;
    }

    /** The options this evaluation used. */
    public EvalOptions options() {
        return options;
    }

    /** The topics averaged over, in trec_eval's order (byte-wise ascending). */
    public List<String> topics() {
        return topics;
    }

    /** Number of topics in both the qrels and the run; 0 means NO_DATA. */
    public int commonTopics() {
        return commonTopics;
    }

    /** Whether any topic is in both the qrels and the run. */
    public boolean hasData() {
        return commonTopics > 0;
    }

    /**
     * The per-topic values of {@code measure}, aligned with {@link #topics()} (a copy). They are the values
     * trec_eval accumulates: logarithms for {@code gm_map} and {@code gm_bpref}.
     */
    public double[] perTopic(Measure measure) {
        return values[indexOf(measure)].clone();
    }

    /** The value of {@code measure} on {@code topic}. */
    public double value(Measure measure, String topic) {
        return values[indexOf(measure)][topic(topic)];
    }

    /** The text value ({@code relstring}) of {@code measure} on {@code topic}. */
    public String text(Measure measure, String topic) {
        String[] t = texts[indexOf(measure)];
        if (t == null) {
            throw new IllegalArgumentException("measure " + measure.name() + " has no text value");
        }
        return t[topic(topic)];
    }

    private int topic(String topic) {
        Integer t = topicIndex.get(topic);
        if (t == null) {
            throw new IllegalArgumentException("topic " + topic + " is not in this evaluation");
        }
        return t;
    }

    /** Whether {@code topic} is in {@link #topics()}. */
    public boolean hasTopic(String topic) {
        return topicIndex.containsKey(topic);
    }

    /**
     * The summary of {@code measure} over {@link #topics()} as trec_eval prints it on its {@code all} line: the
     * mean for most, the sum for counts ({@code num_rel}), the geometric mean for {@code gm_map}; empty when
     * there is no data or the measure is not numeric.
     */
    public OptionalDouble mean(Measure measure) {
        int m = indexOf(measure);
        if (!hasData() || !measure.numeric()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(summary[m]);
    }

    private int indexOf(Measure measure) {
        int i = measures.indexOf(measure);
        if (i < 0) {
            throw new IllegalArgumentException("measure " + measure.name() + " was not evaluated; evaluated: "
                    + measures.stream().map(Measure::name).toList());
        }
        return i;
    }

    /**
     * The {@code runid all TAG} line to put before this run's {@link #trecEvalText} when several runs are printed
     * together; empty when the text has its own run id line (its measures include {@code runid}).
     */
    public String runIdSeparator() {
        return TrecEvalReport.printsRunId(this) ? "" : TrecEvalReport.runIdLine(this);
    }

    /** trec_eval's text output of this evaluation (with {@code perTopic}, its {@code -q} lines too); check {@link #hasData()} first. */
    public String trecEvalText(boolean perTopic) {
        return TrecEvalReport.format(this, perTopic);
    }
}
