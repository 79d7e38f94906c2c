package dev.assay.ranking.metrics;

import java.util.Objects;

/**
 * One trec_eval value with its parameter: {@code map}, {@code P_10}, {@code ndcg_1=3,2=9},
 * {@code iprec_at_recall_0.50}. {@link #name()} is trec_eval's output spelling, {@link #spec()} its
 * {@code -m} spelling, which {@link Measures#parse(String)} reads back. Every family of trec_eval v10's
 * measure table is available; {@link #numeric()} tells the per-topic numbers from {@code runid} and
 * {@code relstring}, which are text.
 */
public final class Measure {
    final Family family;
    final Params params;
    private final String name;

    Measure(Family family, Params params) {
        this.family = Objects.requireNonNull(family, "family");
        this.params = Objects.requireNonNull(params, "params");
        this.name = family.valueName(params, 0);
    }

    /** nDCG over the whole ranking, gain = relevance level. */
    public static Measure ndcg() {
        return Measures.parseOne("ndcg");
    }

    /** nDCG truncated at rank {@code k}. */
    public static Measure ndcgCut(int k) {
        return Measures.parseOne("ndcg_cut." + k);
    }

    /** Average precision (its mean is MAP). */
    public static Measure map() {
        return Measures.parseOne("map");
    }

    /** Reciprocal rank of the first relevant document. */
    public static Measure recipRank() {
        return Measures.parseOne("recip_rank");
    }

    /** Precision at {@code k}. */
    public static Measure precision(int k) {
        return Measures.parseOne("P." + k);
    }

    /** Recall at {@code k}. */
    public static Measure recall(int k) {
        return Measures.parseOne("recall." + k);
    }

    /** trec_eval's output name, e.g. {@code ndcg_cut_10}. */
    public String name() {
        return name;
    }

    /** trec_eval's input spelling, as {@code -m} and contracts write it, e.g. {@code ndcg_cut.10}. */
    public String spec() {
        return params.printable() == null ? family.name : family.name + "." + params.printable();
    }

    /** The trec_eval family ({@code P} for {@code P_10}). */
    public String family() {
        return family.name;
    }

    /** Whether the measure has a number per topic (all but {@code runid} and {@code relstring}). */
    public boolean numeric() {
        return family.kind == Family.Kind.DOUBLE || family.kind == Family.Kind.LONG;
    }

    /**
     * Whether the measure's summary is the arithmetic mean of its per-topic values (so that per-topic
     * differences between two runs average to the difference of their summaries): true for all but the
     * counts ({@code num_rel}, ...), the geometric means ({@code gm_map}) and the text values.
     */
    public boolean averaged() {
        return family.summary == Family.Summary.MEAN && numeric();
    }

    /** Position of the family in trec_eval's table, which is the order it prints measures in. */
    public int tableOrder() {
        return Families.order(family);
    }

    /** The numeric cutoff of a cut measure ({@code 10} for {@code P_10}), for ordering within a family; 0 otherwise. */
    double cutoff() {
        return switch (family.shape) {
            case CUT_LONG -> params.longs()[0];
            case CUT_DOUBLE -> params.doubles()[0];
            default -> 0;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Measure m && m.family == family && m.name.equals(name) && m.params.equals(params);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
