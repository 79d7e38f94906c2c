package dev.assay.cli.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliRun;
import dev.assay.cli.ExitCodes;
import dev.assay.core.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay rank compare}: the table, the JSON, NO_DATA (exit 3), bad input (exit 2), and agreement with {@code rank contract}. */
class RankCompareCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static CliRun assay(String... args) {
        return CliRun.run(Map.of(), args);
    }

    /** Topics 1..3 with d1 relevant; A ranks d1 at 2, 1, 3 and B at 1, 1, 2: recip_rank deltas +1/2, 0, +1/6. */
    Path[] files() throws IOException {
        StringBuilder q = new StringBuilder();
        for (int t = 1; t <= 3; t++) for (int d = 1; d <= 3; d++) q.append(t).append(" 0 d").append(d).append(' ').append(d == 1 ? 1 : 0).append('\n');
        return new Path[] {Files.writeString(dir.resolve("qrels"), q), run("A", new int[] {2, 1, 3}), run("B", new int[] {1, 1, 2})};
    }

    Path run(String id, int[] ranks) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int t = 1; t <= 3; t++) {
            int other = 2;
            for (int slot = 1; slot <= 3; slot++) {
                String doc = slot == ranks[t - 1] ? "d1" : "d" + other++;
                s.append(t).append(" Q0 ").append(doc).append(' ').append(slot).append(' ').append(10 - slot).append(' ').append(id).append('\n');
            }
        }
        return Files.writeString(dir.resolve("run" + id), s);
    }

    @Test
    void shouldPrintAnAlignedTableAndTheSameNumbersAsJson() throws IOException {
        Path[] f = files();
        CliRun text = assay("rank", "compare", f[0].toString(), f[1].toString(), f[2].toString(), "-m", "recip_rank", "-m", "P.1");
        assertThat(text.errLines()).as("progress lines only").isNotEmpty().allMatch(l -> l.startsWith("assay: progress: compare resampling: "));
        assertThat(text.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(text.out()).contains("A: A (", "B: B (", "3 topics", "recip_rank", "P_1", "2/1/0", "1/2/0", "+0.2222",
                "mean Jaccard@10 of A and B: 1.0000 over 3 topics");
        String header = text.out().lines().filter(l -> l.startsWith("measure")).findFirst().orElseThrow();
        String row = text.out().lines().filter(l -> l.startsWith("recip_rank")).findFirst().orElseThrow();
        assertThat(row.indexOf("2/1/0")).isEqualTo(header.indexOf("W/T/L"));

        CliRun json = assay("rank", "compare", f[0].toString(), f[1].toString(), f[2].toString(), "-m", "recip_rank", "-m", "P.1",
                "--json", "--resamples", "500", "--seed", "3");
        assertThat(json.exitCode()).isEqualTo(ExitCodes.OK);
        JsonNode n = JSON.readTree(json.out());
        assertThat(n.get("status").asText()).isEqualTo("COMPARED");
        assertThat(n.at("/measures/0/measure").asText()).isEqualTo("recip_rank");
        assertThat(n.at("/measures/0/meanDelta").asDouble()).isCloseTo((0.5 + 0 + 1 / 6.0) / 3, within(1e-12));
        // exact sign-flip over +1/2, +1/6 (the tie adds nothing): only all-plus and all-minus reach |sum| = 2/3
        assertThat(n.at("/measures/0/pValue").asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(n.at("/measures/1/wins").asInt()).isEqualTo(1);
        assertThat(n.get("resamples").asInt()).isEqualTo(500);
        assertThat(n.at("/jaccard/mean").asDouble()).isEqualTo(1.0);
    }

    @Test
    void shouldDefaultToNdcgAt10NdcgAndMap() throws IOException {
        Path[] f = files();
        JsonNode n = JSON.readTree(assay("rank", "compare", f[0].toString(), f[1].toString(), f[2].toString(), "--json").out());
        assertThat(n.get("measures")).extracting(m -> m.get("measure").asText()).containsExactly("ndcg_cut_10", "ndcg", "map");
    }

    @Test
    void shouldExit3OnNoCommonTopicAndExit2OnBadInput() throws IOException {
        Path[] f = files();
        Path other = Files.writeString(dir.resolve("other"), "99 Q0 d1 1 1.0 other\n");
        CliRun none = assay("rank", "compare", f[0].toString(), f[1].toString(), other.toString());
        assertThat(none.exitCode()).isEqualTo(ExitCodes.INCONCLUSIVE);
        assertThat(none.out()).contains("NO_DATA");
        CliRun noneJson = assay("rank", "compare", f[0].toString(), f[1].toString(), other.toString(), "--json");
        assertThat(noneJson.exitCode()).isEqualTo(ExitCodes.INCONCLUSIVE);
        assertThat(JSON.readTree(noneJson.out()).get("status").asText()).isEqualTo("NO_DATA");

        Path nan = Files.writeString(dir.resolve("nan"), "1 Q0 d1 1 NaN nan\n");
        CliRun bad = assay("rank", "compare", f[0].toString(), f[1].toString(), nan.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err().lines()).singleElement().asString().contains("nan:1");
        CliRun measure = assay("rank", "compare", f[0].toString(), f[1].toString(), f[2].toString(), "-m", "ndcg_at_10");
        assertThat(measure.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(measure.err().lines()).singleElement().asString().contains("unknown measure");
        CliRun alpha = assay("rank", "compare", f[0].toString(), f[1].toString(), f[2].toString(), "--alpha", "2");
        assertThat(alpha.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(alpha.err().lines()).singleElement().asString().contains("alpha");
        CliRun missing = assay("rank", "compare", f[0].toString(), f[1].toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void robust03_compareGivesTheSameNdcgAt10DeltaAsTheContract() throws IOException {
        Path data = TestEnvironment.sharedData().resolve("ranking/robust03");
        String q = data.resolve("robust03_qrels.txt").toString();
        String sabir = data.resolve("runs/input.SABIR03BASE.gz").toString();
        String vt = data.resolve("runs/input.VTcdhgp1.gz").toString();
        CliRun compare = assay("rank", "compare", q, sabir, vt, "--json", "--resamples", "2000");
        assertThat(compare.exitCode()).as(compare.err()).isEqualTo(ExitCodes.OK);
        CliRun contract = assay("rank", "contract", q, "--production", sabir, "--candidate", vt, "--json", "--resamples", "2000");
        assertThat(contract.exitCode()).as(contract.err()).isEqualTo(ExitCodes.OK);
        JsonNode c = JSON.readTree(compare.out());
        JsonNode g = JSON.readTree(contract.out()).at("/guards/0");
        assertThat(c.at("/measures/0/measure").asText()).isEqualTo("ndcg_cut_10");
        assertThat(c.at("/measures/0/meanDelta").asDouble()).isEqualTo(g.get("estimate").asDouble());
        assertThat(c.at("/measures/0/topics").asLong()).isEqualTo(g.get("samples").asLong()).isEqualTo(100);
        int w = c.at("/measures/0/wins").asInt();
        int t = c.at("/measures/0/ties").asInt();
        int l = c.at("/measures/0/losses").asInt();
        assertThat(w + t + l).isEqualTo(100);
        assertThat(w).isGreaterThan(l);
        assertThat(c.at("/measures/0/ciLower").asDouble()).isPositive();
        assertThat(c.at("/jaccard/mean").asDouble()).isBetween(0.0, 1.0);
    }
}
