package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code assay rank gate} on real Robust03 runs, and its bad input. */
class RankGateCliTest {
    @Test
    void robust03_choosesAThresholdWithinTheBudget() {
        Path data = TestEnvironment.sharedData().resolve("ranking/robust03");
        CliRun r = CliRun.run(Map.of(), "rank", "gate", data.resolve("robust03_qrels.txt").toString(),
                "--first-stage", data.resolve("runs/input.SABIR03BASE.gz").toString(),
                "--upshift", data.resolve("runs/input.VTcdhgp1.gz").toString(), "--budget-ms", "10");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("topics 100", "mean cost 10.00 ms", "AUC", "early-exit band");
        assertThat(r.out()).containsPattern("mean gain \\+0\\.0268 .*exact optimum \\+0\\.0268");
    }

    @Test
    void badBudgetExits2() {
        CliRun r = CliRun.run(Map.of(), "rank", "gate", "q", "--first-stage", "a", "--upshift", "b", "--budget-ms", "-1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("--budget-ms");
    }
}
