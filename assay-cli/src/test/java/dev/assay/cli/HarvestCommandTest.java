package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarvestCommandTest {
    @TempDir
    Path dir;

    private Path corpus(int n) throws IOException {
        String[] topics = {"password reset", "database backup", "email delivery", "smart lock access", "bank transfer"};
        List<String> lines = IntStream.range(0, n).mapToObj(i -> "{\"text\":\"Ticket " + i + " is about "
                + topics[i % topics.length] + " for customer number " + (i * 7919 % 1000) + "\"}").toList();
        return Files.write(dir.resolve("c.jsonl"), lines);
    }

    @Test
    void shouldPrintTheGridAndTheChosenConfigurationForAJsonlCorpus() throws IOException {
        Path file = corpus(120);
        Path report = dir.resolve("report.md");
        CliRun r = CliRun.run(Map.of(), "rank", "harvest", "--corpus", file.toString(), "--queries", "10",
                "--ef", "10,40,120", "--k", "10", "--warmup", "1", "--out", report.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("| ef | k | recall@k").contains("| 120 | 10 | 1.0000 | 1.0000 |")
                .contains("110 documents indexed, 10 held-out queries, dimension 384");
        String md = Files.readString(report);
        assertThat(md).startsWith(r.out());
        FiguresCliTest.assertLinksExistingPngs(report, List.of("report-figures/frontier-recall-p95.png"));

        Path plain = dir.resolve("plain.md");
        CliRun off = CliRun.run(Map.of(), "rank", "harvest", "--corpus", file.toString(), "--queries", "10",
                "--ef", "10,40", "--k", "10", "--warmup", "1", "--out", plain.toString(), "--no-figures");
        assertThat(off.exitCode()).as(off.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(plain)).isEqualTo(off.out());
        assertThat(dir.resolve("plain-figures")).doesNotExist();
    }

    @Test
    void shouldExitTwoOnAnUnknownCorpus() {
        CliRun r = CliRun.run(Map.of(), "rank", "harvest", "--corpus", "wikipedia");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--corpus must be rjudge, mushroom or a .jsonl file, but was wikipedia");
    }

    @Test
    void shouldExitTwoOnAGridWithoutValidConfigurations() throws IOException {
        Path file = corpus(30);
        CliRun r = CliRun.run(Map.of(), "rank", "harvest", "--corpus", file.toString(), "--ef", "5", "--k", "10");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("largest ef 5 < smallest k 10");
    }

    @Test
    void shouldExitTwoWhenTheSharedDataIsMissing() {
        CliRun r = CliRun.run(Map.of(), "rank", "harvest", "--shared-data", dir.resolve("none").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("corpus file not found");
    }
}
