package dev.assay.ranking.router;

import dev.assay.core.contract.Verdict;
import dev.assay.core.stats.ConfidenceBound;
import java.util.List;

/**
 * The outcome of {@link Distillation#run}: out-of-fold outcomes of every policy (teacher,
 * piecewise-linear student, INT8 student, the confidence-threshold baseline, always upshifting),
 * the no-regret bound of INT8 minus teacher, fidelity of the compression, the dense-grid
 * monotonicity checks (null = no violation), the verdict, and the router refitted on all topics.
 *
 * @param agreement         share of topics where the INT8 and teacher policies made the same decision
 * @param pwlTeacherRmse    out-of-fold root mean square difference of the student's and the teacher's predictions
 * @param int8PwlMaxError   out-of-fold largest |INT8 - piecewise-linear| prediction difference
 * @param int8ErrorBound    the shipped tables' summed quantisation bound at cell centres
 */
public record DistillationReport(int topics, Distillation.Config config, List<String> features, int[] monotone,
                                 List<Distillation.PolicyOutcome> outcomes, ConfidenceBound noRegret, double agreement,
                                 double pwlTeacherRmse, double int8PwlMaxError, double int8ErrorBound,
                                 String teacherViolation, String pwlViolation, String int8Violation, Verdict verdict,
                                 MonotoneGbm teacher, AdditiveRouter router, Int8Router int8, RoutingPolicy policy) {
    public DistillationReport {
        features = List.copyOf(features);
        outcomes = List.copyOf(outcomes);
        monotone = monotone.clone();
    }

    /** The outcome of {@code policy}; there is none for CONFIDENCE when the features have no {@code confidence}. */
    public Distillation.PolicyOutcome outcome(Distillation.Policy policy) {
        for (Distillation.PolicyOutcome o : outcomes) if (o.policy() == policy) return o;
        throw new IllegalArgumentException("no outcome for policy " + policy);
    }
}
