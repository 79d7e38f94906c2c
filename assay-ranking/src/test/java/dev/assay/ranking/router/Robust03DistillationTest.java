package dev.assay.ranking.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import dev.assay.ranking.gating.RoutingData;
import dev.assay.ranking.metrics.Measures;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Distillation on Robust03: ten first-stage runs pooled, each query routable to VTcdhgp1. */
class Robust03DistillationTest {
    @Test
    void distilledRouterOnRealRuns_staysMonotoneWithinItsErrorBoundAndIsGated() throws Exception {
        Path dir = TestEnvironment.sharedData().resolve("ranking/robust03");
        Qrels qrels = Qrels.read(dir.resolve("robust03_qrels.txt"));
        Run up = Run.read(dir.resolve("runs/input.VTcdhgp1.gz"));
        List<ContextFeatures> parts = new ArrayList<>();
        List<double[]> gains = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            for (Path p : s.sorted().toList()) {
                if (p.toString().contains("VTcdhgp1")) continue;
                Run first = Run.read(p);
                RoutingData data = RoutingData.fromRuns(qrels, first, up, Measures.parse("ndcg_cut.10").get(0), 10, new RoutingData.CostModel(40));
                parts.add(ContextFeatures.of(first, data.topics(), 10));
                gains.add(data.gain());
            }
        }
        ContextFeatures f = ContextFeatures.concat(parts);
        double[] gain = gains.stream().flatMapToDouble(Arrays::stream).toArray();
        double[] cost = new double[gain.length];
        Arrays.fill(cost, 40);

        DistillationReport r = Distillation.run(f, gain, cost, Distillation.Config.defaults(10, 1));

        assertThat(r.topics()).isEqualTo(gain.length).isGreaterThan(900);
        assertThat(r.teacherViolation()).isNull();
        assertThat(r.pwlViolation()).isNull();
        assertThat(r.int8Violation()).isNull();
        assertThat(r.int8PwlMaxError()).isLessThanOrEqualTo(r.int8ErrorBound() + 1e-12);
        // Every learned policy keeps to the 10 ms budget out of fold within sampling noise, and the
        // teacher beats upshifting the least confident queries (the plain gating baseline).
        for (Distillation.Policy p : List.of(Distillation.Policy.TEACHER, Distillation.Policy.PIECEWISE_LINEAR, Distillation.Policy.INT8))
            assertThat(r.outcome(p).meanCost()).isLessThan(12);
        assertThat(r.outcome(Distillation.Policy.TEACHER).meanGain()).isGreaterThan(r.outcome(Distillation.Policy.CONFIDENCE).meanGain());
        assertThat(r.noRegret().estimate()).isEqualTo(r.outcome(Distillation.Policy.INT8).meanGain() - r.outcome(Distillation.Policy.TEACHER).meanGain(),
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(r.verdict()).isEqualTo(r.noRegret().lower() >= -0.0005 ? dev.assay.core.contract.Verdict.PASS
                : dev.assay.core.contract.Verdict.FAIL);
    }
}
