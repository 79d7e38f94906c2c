package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay rank contract}: verdicts, exit codes, contract files, ledger records and promotion. */
class RankContractCliTest {
    @TempDir
    Path dir;

    Map<String, String> env;
    Path qrels;

    @BeforeEach
    void files() throws IOException {
        env = Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString());
        qrels = Files.writeString(dir.resolve("qrels"), dev.assay.core.testing.TestFiles.trecQrels());
    }

    Path run(String name, double goodShare, long seed) throws IOException {
        return Files.writeString(dir.resolve(name), dev.assay.core.testing.TestFiles.trecRun(name, goodShare, seed));
    }

    CliRun assay(String... args) {
        return CliRun.run(env, args);
    }

    @Test
    void betterCandidatePasses_worseFails_withTheNumbers() throws IOException {
        Path prod = run("prod", 0.4, 1);
        Path cand = run("cand", 0.9, 2);
        CliRun pass = assay("rank", "contract", qrels.toString(), "--production", prod.toString(), "--candidate", cand.toString());
        assertThat(pass.exitCode()).as(pass.err()).isEqualTo(ExitCodes.OK);
        assertThat(pass.out()).startsWith("PASS").contains("lower bound").contains("40 topics");
        CliRun fail = assay("rank", "contract", qrels.toString(), "--production", cand.toString(), "--candidate", prod.toString(),
                "--json");
        assertThat(fail.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(fail.out()).contains("\"verdict\" : \"FAIL\"", "\"lower\" :");
    }

    @Test
    void noCommonTopicsIsInconclusive_andBadInputExits2() throws IOException {
        Path prod = run("prod", 0.5, 3);
        Path other = Files.writeString(dir.resolve("other"), "999 Q0 d1 1 1.0 other\n");
        CliRun none = assay("rank", "contract", qrels.toString(), "--production", prod.toString(), "--candidate", other.toString());
        assertThat(none.exitCode()).isEqualTo(ExitCodes.INCONCLUSIVE);
        assertThat(none.out()).contains("NO_DATA");
        CliRun same = assay("rank", "contract", qrels.toString(), "--production", prod.toString(), "--candidate", prod.toString());
        assertThat(same.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(same.errLines()).singleElement().asString().contains("not with itself");
        CliRun measure = assay("rank", "contract", qrels.toString(), "--production", prod.toString(), "--candidate",
                other.toString(), "--measure", "ndcg_at_10");
        assertThat(measure.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(measure.errLines()).singleElement().asString().contains("unknown measure");
        Path nan = Files.writeString(dir.resolve("nan"), "1 Q0 d1 1 NaN nan\n");
        CliRun bad = assay("rank", "contract", qrels.toString(), "--production", prod.toString(), "--candidate", nan.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.errLines()).singleElement().asString().contains("nan:1");
    }

    @Test
    void contractFile_listsAllProblems_andRunsEveryGuard() throws IOException {
        Path prod = run("prod", 0.4, 4);
        Path cand = run("cand", 0.9, 5);
        Path badContract = Files.writeString(dir.resolve("bad.yaml"), """
                guards:
                  - {name: a, type: quality, measure: ndcg_at_ten}
                  - {name: b, type: quality, measure: mapp}
                """);
        CliRun bad = assay("rank", "contract", qrels.toString(), "--production", prod.toString(), "--candidate", cand.toString(),
                "--contract", badContract.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.errLines()).singleElement().asString().contains("2 problems", "ndcg_at_ten", "mapp");
        Path contract = Files.writeString(dir.resolve("c.yaml"), """
                name: release
                resamples: 2000
                guards:
                  - {name: ndcg10, type: quality, measure: ndcg_cut.10}
                  - {name: map, type: quality, measure: map, method: randomization}
                  - {name: p95, type: latency, percentile: 95, limitMs: 60, minSamples: 10}
                  - {name: overlap, type: overlap, k: 10, minMean: 0.1}
                """);
        StringBuilder lat = new StringBuilder("# ms\n");
        for (int i = 0; i < 100; i++) lat.append(10 + i * 0.5).append('\n');
        Path latencies = Files.writeString(dir.resolve("lat.txt"), lat);
        Path report = dir.resolve("report.md");
        CliRun ok = assay("rank", "contract", qrels.toString(), "--production", prod.toString(), "--candidate", cand.toString(),
                "--contract", contract.toString(), "--candidate-latencies", latencies.toString(), "--report", report.toString());
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(report)).contains("| p95 | latency | PASS |", "| map | quality | PASS |");
    }

    @Test
    void decisionIsRecordedAndAPassPromotesTheCandidate() throws IOException {
        Path prod = run("prod", 0.4, 6);
        Path cand = run("cand", 0.9, 7);
        assertThat(assay("models", "register", "ranker").exitCode()).isZero();
        for (String v : new String[] {"v1", "v2"})
            assertThat(assay("models", "add-version", "ranker", v, "--data-hash", "h", "--seed", "1", "--code-version", "c")
                    .exitCode()).isZero();
        assertThat(assay("models", "deploy", "ranker", "v1", "--stage", "PRIMARY", "--reason", "first").exitCode()).isZero();
        assertThat(assay("models", "deploy", "ranker", "v2", "--stage", "CANARY", "--percent", "5", "--reason", "c").exitCode()).isZero();
        CliRun r = assay("rank", "contract", qrels.toString(), "--production", prod.toString(), "--candidate", cand.toString(),
                "--model", "ranker", "--promote", "v2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("recorded as ledger entry 6", "promoted ranker/v2");
        assertThat(assay("models", "show", "ranker").out()).contains("\"version\" : \"v2\",\n  \"stage\" : \"PRIMARY\"");
        assertThat(assay("ledger", "verify").out()).startsWith("ok: ledger verifies: 7 entries");
    }

    @Test
    void unknownModelExits2WithOneLineAndRecordsNothing() throws IOException {
        Path prod = run("prod", 0.4, 6);
        Path cand = run("cand", 0.9, 7);
        CliRun r = assay("rank", "contract", qrels.toString(), "--production", prod.toString(), "--candidate", cand.toString(),
                "--model", "nosuch");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("model nosuch is not registered");
        assertThat(assay("ledger", "verify").out()).startsWith("ok: ledger verifies: 0 entries");
    }

    @Test
    void robust03_hasAPassingAndAFailingPair() {
        Path data = TestEnvironment.sharedData().resolve("ranking/robust03");
        String q = data.resolve("robust03_qrels.txt").toString();
        String sabir = data.resolve("runs/input.SABIR03BASE.gz").toString();
        String vt = data.resolve("runs/input.VTcdhgp1.gz").toString();
        assertThat(assay("rank", "contract", q, "--production", sabir, "--candidate", vt, "--resamples", "2000").exitCode())
                .isEqualTo(ExitCodes.OK);
        assertThat(assay("rank", "contract", q, "--production", vt, "--candidate", sabir, "--resamples", "2000").exitCode())
                .isEqualTo(ExitCodes.CHECK_FAILED);
    }
}
