package dev.assay.ranking.metrics;

/**
 * One trec_eval measure family (one {@code m_<name>.c}): how its {@code -m} parameters are read, the
 * names of its values, how a topic's values are computed, summarised over topics and printed. The
 * standard behaviours are trec_eval's {@code meas_init.c}, {@code meas_acc.c}, {@code meas_avg.c} and
 * {@code meas_print_*.c}; a family overrides {@link #summary} or {@link #kind} where its source does.
 */
abstract class Family {
    /** How {@code -m name.params} is read ({@code te_init_meas_*}). */
    enum Shape {
        /** No value of its own ({@code runid}). */
        EMPTY,
        /** One value, no parameters ({@code map}). */
        SINGLE,
        /** One value per integer cutoff ({@code P.5,10}). */
        CUT_LONG,
        /** One value per decimal cutoff ({@code iprec_at_recall.0.1,0.2}). */
        CUT_DOUBLE,
        /** One value; an ordered list of decimals ({@code utility.1,-1,0,0}), printed after the name when given. */
        PARAM_DOUBLES,
        /** One value; {@code name=value} pairs ({@code ndcg.1=3,2=9}), printed after the name when given. */
        PARAM_PAIRS
    }

    /** How per-topic values become the summary ({@code te_calc_avg_meas_*}). */
    enum Summary {
        /** The sum over topics divided by the number of topics. */
        MEAN,
        /** exp of the mean of the per-topic values, which the family stores as logarithms. */
        GEOMETRIC,
        /** The sum over topics, as is (counts). */
        SUM,
        /** Not summarised ({@code relstring}, {@code runid}). */
        NONE
    }

    /** How values are printed. */
    enum Kind {
        /** {@code %6.4f}. */
        DOUBLE,
        /** {@code %ld} of the value cast to long. */
        LONG,
        /** A text per topic ({@code relstring}), never summarised. */
        TEXT,
        /** The run id, in the summary only. */
        RUNID
    }

    /** Which relevance information a family's {@code calc} forms its structures from. */
    enum Needs {
        /** None ({@code runid}, {@code num_q}): any format. */
        ANY,
        /** qrels, through {@code te_form_res_rels}. */
        QRELS,
        /** qrels_jg, through {@code te_form_res_rels_jg}. */
        QRELS_JG,
        /** prefs or qrels_prefs, through {@code form_prefs_counts}. */
        PREFS;

        /** Whether relevance in {@code format} gives this family what it needs. */
        boolean accepts(dev.assay.ranking.trec.RelFormat format) {
            return switch (this) {
                case ANY -> true;
                case QRELS -> format == dev.assay.ranking.trec.RelFormat.QRELS;
                case QRELS_JG -> format == dev.assay.ranking.trec.RelFormat.QRELS_JG;
                case PREFS -> format == dev.assay.ranking.trec.RelFormat.PREFS || format == dev.assay.ranking.trec.RelFormat.QRELS_PREFS;
            };
        }

        /** The -R formats that give it, for messages. */
        String formats() {
            return switch (this) {
                case ANY -> "any";
                case QRELS -> "qrels";
                case QRELS_JG -> "qrels_jg";
                case PREFS -> "prefs or qrels_prefs";
            };
        }
    }

    final String name;
    final Shape shape;
    final Params defaults;
    final Summary summary;
    final Kind kind;
    /** Whether trec_eval prints per-topic values ({@code -q}) of this family. */
    final boolean perTopic;

    Family(String name, Shape shape, Params defaults, Summary summary, Kind kind, boolean perTopic) {
        this.name = name;
        this.shape = shape;
        this.defaults = defaults;
        this.summary = summary;
        this.kind = kind;
        this.perTopic = perTopic;
    }

    /** A {@link Shape#SINGLE} double family averaged over topics, printed per topic: the commonest kind. */
    Family(String name) {
        this(name, Shape.SINGLE, Params.none(), Summary.MEAN, Kind.DOUBLE, true);
    }

    /**
     * Computes the topic's values into {@code out[at..]}: one per cutoff of {@code p} for the cut shapes,
     * one otherwise. {@code out} is zeroed before the call.
     */
    abstract void calc(TopicInput in, Params p, double[] out, int at);

    /** The relevance information the family reads (trec_eval stops with "Can't calculate measure" on another format). */
    Needs needs() {
        return Needs.QRELS;
    }

    /** The per-topic text of a {@link Kind#TEXT} family. */
    String text(TopicInput in, Params p) {
        throw new UnsupportedOperationException(name + " has no text value");
    }

    /**
     * The summary value of one of this family's values from {@code sum}, the sum of its per-topic values over
     * the {@code topics} evaluated; {@code run} gives what a family's own average needs (the qrels under -c).
     */
    double summarize(double sum, int topics, EvalRun run) {
        return switch (summary) {
            case MEAN -> topics == 0 ? sum : sum / topics;
            case GEOMETRIC -> topics == 0 ? sum : Math.exp(sum / topics);
            case SUM, NONE -> sum;
        };
    }

    /** Reads {@code -m name.text} for this family. */
    Params parse(String spec, String text) {
        return switch (shape) {
            case EMPTY, SINGLE -> throw new dev.assay.core.InvalidInputException("measure '" + spec + "' takes no parameters");
            case CUT_LONG -> Params.parseLongCutoffs(spec, text);
            case CUT_DOUBLE -> Params.parseDoubleCutoffs(spec, text);
            case PARAM_DOUBLES -> Params.parseDoubles(spec, text);
            case PARAM_PAIRS -> Params.parsePairs(spec, text);
        };
    }

    /** Number of values the family has with parameters {@code p}. */
    int width(Params p) {
        return switch (shape) {
            case EMPTY -> 0;
            case CUT_LONG, CUT_DOUBLE -> p.size();
            case SINGLE, PARAM_DOUBLES, PARAM_PAIRS -> 1;
        };
    }

    /** trec_eval's name of value {@code i} with parameters {@code p} ({@code append_long}, {@code append_double}, {@code append_string}). */
    String valueName(Params p, int i) {
        return switch (shape) {
            case EMPTY, SINGLE -> name;
            case CUT_LONG -> name + "_" + p.longs()[i];
            case CUT_DOUBLE -> name + "_" + CFormat.fixed(p.doubles()[i], 2);
            case PARAM_DOUBLES, PARAM_PAIRS -> p.printable() == null ? name : name + "_" + p.printable();
        };
    }

    /** The parameters of value {@code i} alone (one cutoff), or {@code p} itself for the single-valued shapes. */
    Params slice(Params p, int i) {
        return switch (shape) {
            case CUT_LONG -> new Params(new long[] {p.longs()[i]}, new double[0], new String[0], Long.toString(p.longs()[i]));
            case CUT_DOUBLE -> new Params(new long[0], new double[] {p.doubles()[i]}, new String[0], CFormat.fixed(p.doubles()[i], 2));
            default -> p;
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
