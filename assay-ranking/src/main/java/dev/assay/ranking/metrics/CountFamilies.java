package dev.assay.ranking.metrics;

import dev.assay.ranking.trec.Qrels;

/** trec_eval's bookkeeping families: {@code runid}, {@code num_q}, {@code num_ret}, {@code num_rel}, {@code num_rel_ret}. */
final class CountFamilies {
    private CountFamilies() {}

    /** m_runid.c: the run id, printed in the summary only. */
    static final Family RUNID = new Family("runid", Family.Shape.EMPTY, Params.none(), Family.Summary.NONE, Family.Kind.RUNID, false) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {}

        @Override
        Needs needs() {
            return Needs.ANY;
        }
    };

    /** m_num_q.c: the number of topics averaged over (all qrels topics under -c). */
    static final Family NUM_Q = new Family("num_q", Family.Shape.SINGLE, Params.none(), Family.Summary.SUM, Family.Kind.LONG, false) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            out[at] = 1;
        }

        @Override
        double summarize(double sum, int topics, EvalRun run) {
            return run.options().scope() == TopicScope.ALL_QRELS ? run.rel().topics().size() : topics;
        }

        @Override
        Needs needs() {
            return Needs.ANY;
        }
    };

    /** m_num_ret.c: documents retrieved (after -M and -J), summed over topics. */
    static final Family NUM_RET = new Family("num_ret", Family.Shape.SINGLE, Params.none(), Family.Summary.SUM, Family.Kind.LONG, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            out[at] = in.rels().numRet;
        }
    };

    /**
     * m_num_rel.c: relevant documents, summed over topics; under -c the summary counts every qrels line
     * judged above 0 instead (trec_eval's {@code te_calc_avg_num_rel}, which ignores -l there).
     */
    static final Family NUM_REL = new Family("num_rel", Family.Shape.SINGLE, Params.none(), Family.Summary.SUM, Family.Kind.LONG, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            out[at] = in.rels().numRel;
        }

        @Override
        double summarize(double sum, int topics, EvalRun run) {
            if (run.options().scope() != TopicScope.ALL_QRELS) {
                return sum;
            }
            long n = 0;
            Qrels q = run.qrels();
            for (String t : q.topics()) {
                n += q.relevantCount(t, 1);
            }
            return n;
        }
    };

    /** m_num_rel_ret.c: relevant documents retrieved, summed over topics. */
    static final Family NUM_REL_RET = new Family("num_rel_ret", Family.Shape.SINGLE, Params.none(), Family.Summary.SUM, Family.Kind.LONG, true) {
        @Override
        void calc(TopicInput in, Params p, double[] out, int at) {
            out[at] = in.rels().numRelRet;
        }
    };
}
