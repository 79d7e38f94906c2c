package dev.assay.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the demo looks for the shared data: the flag, then the environment, then beside the launcher, then the current directory. */
class SharedDataTest {
    @TempDir
    Path tmp;

    @Test
    void theFlagWinsOverTheEnvironmentAndTheLauncher() {
        SharedData d = SharedData.locate(Path.of("/flag"), Map.of(SharedData.VARIABLE, "/env"), "/home");
        assertThat(d.dir()).isEqualTo(Path.of("/flag"));
        assertThat(d.origin()).isEqualTo("from --shared-data");
    }

    @Test
    void theEnvironmentWinsOverTheLauncher_andABlankVariableIsUnset() {
        assertThat(SharedData.locate(null, Map.of(SharedData.VARIABLE, "/env"), "/home").dir()).isEqualTo(Path.of("/env"));
        assertThat(SharedData.locate(null, Map.of(SharedData.VARIABLE, " "), "/home").dir()).isEqualTo(Path.of("/home/../shared/data"));
    }

    @Test
    void withoutFlagVariableOrLauncher_itIsSharedDataBesideTheCurrentDirectory() {
        SharedData d = SharedData.locate(null, Map.of(), null);
        assertThat(d.dir()).isEqualTo(Path.of("../shared/data"));
        assertThat(d.origin()).contains("current directory");
    }

    @Test
    void robust03IsFoundOnlyWithItsQrelsAndRuns() throws Exception {
        SharedData d = SharedData.locate(tmp, Map.of(), null);
        Path r = Files.createDirectories(tmp.resolve("ranking/robust03"));
        assertThat(d.robust03()).isEmpty();
        Files.writeString(r.resolve(SharedData.QRELS), "1 0 d 1\n");
        assertThat(d.robust03()).isEmpty();
        Files.createDirectories(r.resolve(SharedData.RUNS));
        assertThat(d.robust03()).contains(r.toAbsolutePath().normalize());
        assertThat(d.missingLine()).startsWith("assay: no shared data found: looked for " + r.resolve(SharedData.QRELS));
    }
}
