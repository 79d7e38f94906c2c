package dev.assay.ranking.compare;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.ranking.metrics.TopicScope;
import dev.assay.ranking.figure.Figure;
import java.util.List;
import java.util.Objects;

/**
 * The comparison of run B against run A: one {@link MeasureComparison} per measure and the mean
 * Jaccard@{@value RunComparison#OVERLAP_K} of their rankings over the topics both runs and the
 * qrels have, with the settings that reproduce it. {@link Status#NO_DATA} when the runs share no
 * judged topic: then there are no measures and the overlap is NaN.
 */
public record ComparisonReport(Status status, RunLabel a, RunLabel b, TopicScope scope, int topics,
                               List<MeasureComparison> measures, double meanJaccard, int overlapTopics, double alpha,
                               int resamples, long seed) {
    /** Whether there was anything to compare. */
    public enum Status {
        /** The runs share at least one judged topic. */
        COMPARED,
        /** No topic is in both runs and the qrels. */
        NO_DATA
    }

    /** A run's id (its sixth column) and where it was read from. */
    public record RunLabel(String runId, String source) {
        public RunLabel {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(source, "source");
        }
    }

    public ComparisonReport {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(scope, "scope");
        measures = List.copyOf(measures);
        if ((status == Status.NO_DATA) != measures.isEmpty())
            throw new IllegalArgumentException("a " + status + " report must have " + (status == Status.NO_DATA ? "no" : "some")
                    + " measures, but had " + measures.size());
    }

    /** The report as an aligned text table. */
    public String table() {
        return ComparisonText.table(this);
    }

    /** The report as Markdown: the settings, one table row per measure, the overlap; then links to {@code figures} under {@code dir}. */
    public String markdown(List<Figure> figures, String dir) {
        return ComparisonText.markdown(this) + Figure.markdownSection(figures, dir);
    }

    /** Per measure, the per-topic deltas B - A as sorted bars ({@code topics-MEASURE.png}); none without data. */
    public List<Figure> figures() {
        return measures.stream().<Figure>map(m -> new Figure.SortedDeltas(Figure.fileName("topics", m.measure()),
                "Per-topic Δ " + m.measure() + ": " + b.runId() + " − " + a.runId() + " (" + m.topics() + " topics)",
                "Δ " + m.measure() + " (B − A)", m.topicDeltas())).toList();
    }

    /** The report as JSON; absent numbers are null. */
    public ObjectNode toJson() {
        return ComparisonText.json(this);
    }
}
