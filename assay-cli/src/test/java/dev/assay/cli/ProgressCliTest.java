package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --progress}: lines or a bar on stderr only, nothing with none, the report on stdout the same in every mode. */
class ProgressCliTest {
    @TempDir
    Path dir;

    Path qrels;
    Path prod;
    Path cand;

    @BeforeEach
    void files() throws IOException {
        qrels = Files.writeString(dir.resolve("qrels"), dev.assay.core.testing.TestFiles.trecQrels());
        prod = run("prod", 0.4, 1);
        cand = run("cand", 0.9, 2);
    }

    Path run(String name, double goodShare, long seed) throws IOException {
        return Files.writeString(dir.resolve(name), dev.assay.core.testing.TestFiles.trecRun(name, goodShare, seed));
    }

    CliRun contract(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("rank", "contract", qrels.toString(), "--production", prod.toString(),
                "--candidate", cand.toString(), "--resamples", "4000"));
        args.addAll(List.of(extra));
        return CliRun.run(Map.of(), args.toArray(String[]::new));
    }

    @Test
    void plain_printsOnlyProgressLinesOnStderr_andTheSameReportOnStdout() {
        CliRun plain = contract("--progress=plain");
        CliRun none = contract("--progress=none");
        assertThat(plain.exitCode()).as(plain.err()).isEqualTo(ExitCodes.OK);
        assertThat(plain.out()).isEqualTo(none.out()).startsWith("PASS").doesNotContain("progress");
        assertThat(plain.errLines()).first().isEqualTo("assay: progress: release contract resampling: started (8000)");
        assertThat(plain.errLines()).hasSize(11).allMatch(l -> l.startsWith("assay: progress: release contract resampling: "))
                .last().isEqualTo("assay: progress: release contract resampling: 100%");
    }

    @Test
    void none_printsNothingOnStderr() {
        CliRun none = contract("--progress", "none");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(none.err()).isEmpty();
    }

    @Test
    void auto_givesPlainLinesWhenNotOnATerminal() {
        CliRun auto = contract();
        assertThat(auto.errLines()).isEqualTo(contract("--progress=plain").errLines());
    }

    @Test
    void bar_drawsOnStderr_andLeavesTheJsonOnStdoutIntact() {
        CliRun bar = contract("--progress=bar", "--json");
        CliRun none = contract("--progress=none", "--json");
        assertThat(bar.exitCode()).as(bar.err()).isEqualTo(ExitCodes.OK);
        assertThat(bar.err()).contains("release contract resampling").contains("\r");
        assertThat(withoutTime(bar.out())).isEqualTo(withoutTime(none.out()));
    }

    private static String withoutTime(String json) {
        return json.replaceAll("\"evaluatedAt\" : \"[^\"]*\"", "\"evaluatedAt\" : \"-\"");
    }

    @Test
    void anUnknownMode_isAUsageErrorNamingTheModes() {
        CliRun r = contract("--progress=loud");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().startsWith("assay: ").contains("AUTO, BAR, PLAIN, NONE", "case-insensitive", "loud");
    }

    @Test
    void everyLongRunningCommand_documentsTheOptionAndItsDefault() {
        for (String command : List.of("contract", "compare", "sustain", "distill", "harvest")) {
            CliRun help = CliRun.run(Map.of(), "rank", command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).as(command).contains("--progress=auto|bar|plain|none").contains("Default: auto");
        }
    }
}
