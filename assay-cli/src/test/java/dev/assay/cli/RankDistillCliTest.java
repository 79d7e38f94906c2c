package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import dev.assay.ranking.router.RouterArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay rank distill} on real Robust03 runs, and its bad input. */
class RankDistillCliTest {
    @TempDir
    Path dir;

    @Test
    void robust03_distilsAGatedRouter_writesItOnlyWhenTheGatePassesOrIsForced() {
        Path data = TestEnvironment.sharedData().resolve("ranking/robust03");
        Path out = dir.resolve("router.json");
        String[] args = {"rank", "distill", data.resolve("robust03_qrels.txt").toString(),
                "--first-stage", data.resolve("runs/input.SABIR03BASE.gz").toString(),
                "--first-stage", data.resolve("runs/input.InexpC2.gz").toString(),
                "--upshift", data.resolve("runs/input.VTcdhgp1.gz").toString(), "--budget-ms", "10", "--resamples", "2000",
                "--out", out.toString()};
        CliRun r = CliRun.run(Map.of(), args);
        assertThat(r.exitCode()).as(r.err()).isIn(ExitCodes.OK, ExitCodes.CHECK_FAILED);
        assertThat(r.out()).contains("200 queries (2 first-stage runs)", "teacher (monotone GBM)", "INT8 tables",
                "no regret (INT8 - teacher)", "teacher ok, PWL ok, INT8 ok");
        boolean passed = r.exitCode() == ExitCodes.OK;
        assertThat(r.out()).contains((passed ? "PASS" : "FAIL") + "  no-regret gate");
        // issue 7: a router that failed its gate is not written unless forced
        assertThat(Files.exists(out)).isEqualTo(passed);
        assertThat(r.out()).contains(passed ? "router written to" : "router not written to");

        String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        CliRun f = CliRun.run(Map.of(), forced);
        assertThat(f.exitCode()).isEqualTo(r.exitCode());
        RouterArtifact a = RouterArtifact.read(out);
        assertThat(a.json().path("no_regret").path("verdict").asText()).isEqualTo(passed ? "PASS" : "FAIL");
        assertThat(a.json().path("inputs").size()).isEqualTo(4);
        assertThat(a.router().names()).containsExactly("confidence", "top_gap", "top_z", "flatness");
    }

    @Test
    void upshiftingARunToItself_exits2WithOneLine() {
        Path data = TestEnvironment.sharedData().resolve("ranking/robust03");
        String run = data.resolve("runs/input.VTcdhgp1.gz").toString();
        CliRun r = CliRun.run(Map.of(), "rank", "distill", data.resolve("robust03_qrels.txt").toString(),
                "--first-stage", run, "--upshift", run, "--budget-ms", "10");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("is the --upshift run itself");
    }

    @Test
    void badSettings_exit2WithOneLineNamingThem() {
        for (String[] bad : new String[][] {{"--cells", "100000", "cells must be in 2..65536"}, {"--folds", "1", "folds must be >= 2"},
                {"--depth", "0", "max depth must be in 1..12"}, {"--alpha", "0.7", "alpha must be in (0, 0.5)"}}) {
            CliRun r = CliRun.run(Map.of(), "rank", "distill", "q", "--first-stage", "a", "--upshift", "b", "--budget-ms", "10",
                    bad[0], bad[1]);
            assertThat(r.exitCode()).as(bad[0]).isEqualTo(ExitCodes.USAGE);
            assertThat(r.errLines()).as(bad[0]).singleElement().asString().contains(bad[2]);
        }
    }

    @Test
    void negativeMargin_exits2WithOneLine() {
        CliRun r = CliRun.run(Map.of(), "rank", "distill", "q", "--first-stage", "a", "--upshift", "b", "--budget-ms", "10",
                "--margin-points", "-1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("--margin-points");
    }
}
