package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay rank sustain} end to end on real Robust03 runs (the pair of {@code rank gate}'s test), and its bad input. */
class RankSustainCliTest {
    @TempDir
    Path dir;

    private static String[] args(Path out, String... extra) {
        Path data = TestEnvironment.sharedData().resolve("ranking/robust03");
        String[] base = {"rank", "sustain", data.resolve("robust03_qrels.txt").toString(),
                "--production", data.resolve("runs/input.SABIR03BASE.gz").toString(),
                "--candidate", data.resolve("runs/input.VTcdhgp1.gz").toString(), "--out", out.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void robust03_runsEveryStepWarnsTooFewPointsAndSkipsTheLedgerWithoutAStore() throws IOException {
        Path out = dir.resolve("cycle");
        CliRun r = CliRun.run(Map.of(), args(out));
        System.out.println(r.out());
        System.out.println(r.err());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }
}
