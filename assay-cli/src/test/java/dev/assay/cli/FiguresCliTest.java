package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG figures beside the reports of rank contract, compare and sustain, linked from their Markdown; --no-figures. */
class FiguresCliTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*\\]\\(([^)]+)\\)");

    @TempDir
    Path dir;

    /** Every image the Markdown links is a non-empty PNG that exists, and the links are exactly {@code expected}. */
    static void assertLinksExistingPngs(Path markdown, List<String> expected) throws IOException {
        Matcher m = IMAGE.matcher(Files.readString(markdown));
        List<String> links = new ArrayList<>();
        while (m.find()) links.add(m.group(1));
        assertThat(links).containsExactlyElementsOf(expected);
        for (String link : links) {
            Path png = markdown.toAbsolutePath().getParent().resolve(link);
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes.length).as(link).isGreaterThan(PNG_MAGIC.length);
            assertThat(Arrays.copyOf(bytes, PNG_MAGIC.length)).as(link).isEqualTo(PNG_MAGIC);
        }
    }

    private static Path data() {
        return TestEnvironment.sharedData().resolve("ranking/robust03");
    }

    @Test
    void contractReport_writesTheBootstrapAndTopicFigures_andNoFiguresWritesNone() throws IOException {
        Path d = data();
        Path report = dir.resolve("release.md");
        String[] args = {"rank", "contract", d.resolve("robust03_qrels.txt").toString(), "--production",
                d.resolve("runs/input.SABIR03BASE.gz").toString(), "--candidate", d.resolve("runs/input.InexpC2.gz").toString(),
                "--resamples", "2000", "--report", report.toString()};
        CliRun r = CliRun.run(Map.of(), args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertLinksExistingPngs(report, List.of("release-figures/bootstrap-quality.png", "release-figures/topics-quality.png"));

        Path plain = dir.resolve("plain.md");
        String[] off = Arrays.copyOf(args, args.length + 1);
        off[args.length - 1] = plain.toString();
        off[args.length] = "--no-figures";
        CliRun r2 = CliRun.run(Map.of(), off);
        assertThat(r2.exitCode()).as(r2.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(plain)).doesNotContain("## Figures", "![");
        assertThat(dir.resolve("plain-figures")).doesNotExist();
    }

    @Test
    void compareReport_writesOneSortedDeltaFigurePerMeasure() throws IOException {
        Path d = data();
        Path report = dir.resolve("cmp.md");
        CliRun r = CliRun.run(Map.of(), "rank", "compare", "-m", "ndcg_cut.10", "-m", "map", "--resamples", "1000",
                d.resolve("robust03_qrels.txt").toString(), d.resolve("runs/input.SABIR03BASE.gz").toString(),
                d.resolve("runs/input.InexpC2.gz").toString(), "--report", report.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(report)).contains("# Run comparison", "| ndcg_cut_10 |", "| map |");
        assertLinksExistingPngs(report, List.of("cmp-figures/topics-ndcg_cut_10.png", "cmp-figures/topics-map.png"));
    }

    @Test
    void sustain_publishesItsFiguresInTheManifest_andLinksThemFromTheReport() throws IOException {
        Path d = data();
        Path out = dir.resolve("cycle");
        CliRun r = CliRun.run(Map.of(), "rank", "sustain", d.resolve("robust03_qrels.txt").toString(),
                "--production", d.resolve("runs/input.SABIR03BASE.gz").toString(),
                "--candidate", d.resolve("runs/input.InexpC2.gz").toString(), "--out", out.toString(),
                "--data-dir", dir.resolve("data").toString(), "--no-router", "--allow-too-few-points");
        assertThat(r.exitCode()).as(r.err()).isIn(ExitCodes.OK, ExitCodes.CHECK_FAILED);
        assertLinksExistingPngs(out.resolve("report.md"), List.of("figures/coverage.png", "figures/bootstrap-quality.png",
                "figures/topics-quality.png"));
        JsonNode files = new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).path("files");
        assertThat(files.path("figures/coverage.png").asText())
                .isEqualTo(dev.assay.core.Hashing.sha256Hex(Files.readAllBytes(out.resolve("figures/coverage.png"))));
    }
}
