package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay rank sustain} end to end on real Robust03 runs (the pair of {@code rank gate}'s test), and its bad input. */
class RankSustainCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String[] args(Path out, String... extra) {
        Path data = TestEnvironment.sharedData().resolve("ranking/robust03");
        String[] base = {"rank", "sustain", data.resolve("robust03_qrels.txt").toString(),
                "--production", data.resolve("runs/input.SABIR03BASE.gz").toString(),
                "--candidate", data.resolve("runs/input.VTcdhgp1.gz").toString(), "--out", out.toString(),
                "--data-dir", dir.resolve("data").toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    /** Issue 7: every slice TOO_FEW_POINTS made the cycle PASS; a part that cannot be checked makes it INCONCLUSIVE. */
    @Test
    void robust03_isInconclusiveWhenSlicesHaveTooFewPoints_andPassesWhenTheUserAcceptsThat() throws IOException {
        Path out = dir.resolve("cycle");
        CliRun r = CliRun.run(Map.of(), args(out));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.INCONCLUSIVE);
        assertThat(r.out()).startsWith("INCONCLUSIVE").contains("100 topics", "audit PASS", "coverage slices have too few calibration points",
                "--allow-too-few-points", "recorded as ledger entry 1");
        // ~100 topics: the honest outcome is that no slice has enough calibration points for the 93-97% band
        assertThat(r.errLines()).anyMatch(l -> l.startsWith("assay: warning: coverage slice all: TOO_FEW_POINTS")
                && l.contains("needs >= 305"));
        assertThat(JSON.readTree(out.resolve("manifest.json").toFile()).path("outcome").asText()).isEqualTo("INCONCLUSIVE");

        CliRun accepted = CliRun.run(Map.of(), args(out, "--allow-too-few-points"));
        assertThat(accepted.exitCode()).as(accepted.err()).isZero();
        assertThat(accepted.out()).startsWith("PASS").contains("recorded as ledger entry 2")
                .containsPattern("gating: theta\\* [0-9.]+, lambda [0-9.]+, mean gain \\+0\\.0268 \\(exact \\+0\\.0268\\), mean cost 10\\.00 ms");
        assertThat(accepted.out()).doesNotContain("OUT_OF_BAND");
        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.path("outcome").asText()).isEqualTo("PASS");
        // the router: its verdict printed; router.json published only when it passed its gate
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("no regret (PASS|FAIL)").matcher(accepted.out());
        assertThat(m.find()).as(accepted.out()).isTrue();
        boolean routerPassed = m.group(1).equals("PASS");
        assertThat(Files.exists(out.resolve("router.json"))).isEqualTo(routerPassed);
        assertThat(manifest.path("files").size()).isEqualTo(routerPassed ? 8 : 7); // + figures/coverage.png and the audit's two figures
        if (routerPassed) {
            assertThat(manifest.path("files").path("router.json").asText())
                    .isEqualTo(dev.assay.core.Hashing.sha256Hex(out.resolve("router.json")));
        } else {
            assertThat(accepted.errLines()).anyMatch(l -> l.startsWith("assay: warning: router: the distilled INT8 router failed")
                    && l.contains("router.json not written"));
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("### Distilled router", "no regret (INT8 - teacher)",
                "recorded in the ledger as one ranking.sustain.cycle entry");
        JsonNode gating = JSON.readTree(out.resolve("gating.json").toFile());
        assertThat(gating.path("meanCost").asDouble()).isLessThanOrEqualTo(10.0);
    }

    @Test
    void forceRouter_publishesTheRouterWhateverItsGateSays() throws IOException {
        Path out = dir.resolve("cycle");
        CliRun r = CliRun.run(Map.of(), args(out, "--allow-too-few-points", "--force-router"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        dev.assay.ranking.router.RouterArtifact router = dev.assay.ranking.router.RouterArtifact.read(out.resolve("router.json"));
        String verdict = router.json().path("no_regret").path("verdict").asText();
        assertThat(r.out()).containsPattern("router: teacher [+-][0-9.]+, INT8 [+-][0-9.]+ out of fold; no regret " + verdict);
        assertThat(JSON.readTree(out.resolve("manifest.json").toFile()).path("files").path("router.json").asText())
                .isEqualTo(dev.assay.core.Hashing.sha256Hex(out.resolve("router.json")));
    }

    @Test
    void previousCycle_inTheSameDirectory_reportsTheDrift_andAStoreGetsOneEntryPerCycle() {
        Path out = dir.resolve("cycle");
        Path data = dir.resolve("data");
        CliRun first = CliRun.run(Map.of(), args(out, "--budget-ms", "20", "--allow-too-few-points"));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("recorded as ledger entry 1");
        CliRun second = CliRun.run(Map.of(), args(out, "--budget-ms", "10", "--previous", out.toString(), "--allow-too-few-points"));
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("recorded as ledger entry 2").containsPattern("drift: theta -[0-9.]+, gain -[0-9.]+")
                .contains("exceeds the budget");
        assertThat(second.errLines()).anyMatch(l -> l.contains("previous theta"));
        CliRun verify = CliRun.run(Map.of(), "ledger", "verify", "--data-dir", data.toString());
        assertThat(verify.exitCode()).as(verify.err() + verify.out()).isZero();
    }

    @Test
    void json_printsEveryStep() throws IOException {
        CliRun r = CliRun.run(Map.of(), args(dir.resolve("cycle"), "--json", "--seed", "7", "--allow-too-few-points"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode n = JSON.readTree(r.out());
        assertThat(n.path("outcome").asText()).isEqualTo("PASS");
        assertThat(n.path("coverage").path("slices")).hasSize(4);
        assertThat(n.path("audit").path("confounding").path("negativeControls")).hasSize(2);
        assertThat(n.path("gating").path("theta").isNumber()).isTrue();
    }

    @Test
    void candidateWorseThanProduction_failsTheAuditAndExits1() {
        Path data = TestEnvironment.sharedData().resolve("ranking/robust03");
        CliRun r = CliRun.run(Map.of(), "rank", "sustain", data.resolve("robust03_qrels.txt").toString(),
                "--production", data.resolve("runs/input.VTcdhgp1.gz").toString(),
                "--candidate", data.resolve("runs/input.SABIR03BASE.gz").toString(), "--out", dir.resolve("cycle").toString(),
                "--data-dir", dir.resolve("data").toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.out()).startsWith("FAIL").contains("audit FAIL");
        assertThat(dir.resolve("cycle/manifest.json")).exists();
    }

    @Test
    void runsSharingNoTopic_exit3_andWriteNothing() throws IOException {
        Path qrels = Files.writeString(dir.resolve("qrels"), "1 0 a 1\n1 0 b 0\n");
        Path prod = Files.writeString(dir.resolve("prod"), "1 Q0 a 1 2.0 prod\n1 Q0 b 2 1.0 prod\n");
        Path cand = Files.writeString(dir.resolve("cand"), "2 Q0 a 1 2.0 cand\n2 Q0 b 2 1.0 cand\n");
        Path out = dir.resolve("cycle");
        CliRun r = CliRun.run(Map.of(), "rank", "sustain", qrels.toString(), "--production", prod.toString(), "--candidate",
                cand.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.INCONCLUSIVE);
        assertThat(r.out()).startsWith("INCONCLUSIVE").contains("NO_DATA", "no artifacts written");
        assertThat(out).doesNotExist();
    }

    @Test
    void badCoverage_exits2_andWritesNothing() throws IOException {
        Path out = dir.resolve("cycle");
        CliRun r = CliRun.run(Map.of(), "rank", "sustain", "q", "--production", "a", "--candidate", "b", "--out", out.toString(),
                "--coverage", "1.5");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("coverage", "1.5");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void help_documentsTheExitCodes() {
        CliRun r = CliRun.run(Map.of(), "rank", "sustain", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Exit codes:", "OUT_OF_BAND", "TOO_FEW_POINTS", "inconclusive");
    }
}
