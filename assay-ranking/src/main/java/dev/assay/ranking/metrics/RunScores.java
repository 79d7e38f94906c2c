package dev.assay.ranking.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One run's measures per topic and averaged. {@link #topics()} is the averaging set in trec_eval's
 * order; {@link #commonTopics()} counts those the run actually answered. With no common topic there
 * is no data: {@link #mean} is empty (never 0).
 */
public final class RunScores {
    private final String runId;
    private final List<Measure> measures;
    private final List<String> topics;
    private final Map<String, Integer> topicIndex;
    private final double[][] values;
    private final int commonTopics;
    private final EvalOptions options;

    RunScores(String runId, List<Measure> measures, List<String> topics, double[][] values, int commonTopics,
                  EvalOptions options) {
        this.runId = runId;
        this.measures = List.copyOf(measures);
        this.topics = List.copyOf(topics);
        this.values = values;
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

    /** The measures, in trec_eval's print order. */
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

    /** The per-topic values of {@code measure}, aligned with {@link #topics()} (a copy). */
    public double[] perTopic(Measure measure) {
        return values[indexOf(measure)].clone();
    }

    /** The value of {@code measure} on {@code topic}. */
    public double value(Measure measure, String topic) {
        Integer t = topicIndex.get(topic);
        if (t == null) {
            throw new IllegalArgumentException("topic " + topic + " is not in this evaluation");
        }
        return values[indexOf(measure)][t];
    }

    /** Whether {@code topic} is in {@link #topics()}. */
    public boolean hasTopic(String topic) {
        return topicIndex.containsKey(topic);
    }

    /** The mean of {@code measure} over {@link #topics()}; empty when there is no data. */
    public OptionalDouble mean(Measure measure) {
        if (!hasData()) {
            return OptionalDouble.empty();
        }
        double[] v = values[indexOf(measure)];
        double sum = 0.0;
        for (double x : v) {
            sum += x;
        }
        return OptionalDouble.of(sum / v.length);
    }

    private int indexOf(Measure measure) {
        int i = measures.indexOf(measure);
        if (i < 0) {
            throw new IllegalArgumentException("measure " + measure.name() + " was not evaluated; evaluated: "
                    + measures.stream().map(Measure::name).toList());
        }
        return i;
    }

    /** trec_eval's text output of this evaluation (with {@code perTopic}, its {@code -q} lines too); check {@link #hasData()} first. */
    public String trecEvalText(boolean perTopic) {
        return TrecEvalReport.format(this, perTopic);
    }
}
