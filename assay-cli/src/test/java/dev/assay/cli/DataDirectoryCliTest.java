package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which data directory a command uses, and what it says when that directory does not exist yet. */
class DataDirectoryCliTest {
    @TempDir
    Path dir;

    @Test
    void readOnlyCommand_onAMissingDirectory_failsNamingItAndWhereItCameFrom_withoutCreatingIt() {
        Path data = dir.resolve("data");
        for (String[] args : new String[][] {{"models", "list"}, {"ledger", "export"}, {"tokens", "list"}}) {
            CliRun r = CliRun.run(Map.of("ASSAY_DATA_DIR", data.toString()), args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(r.errLines()).singleElement().asString()
                    .isEqualTo("assay: no data directory " + data
                            + " (from ASSAY_DATA_DIR; set --data-dir DIR or ASSAY_DATA_DIR to use another)");
            assertThat(r.out()).isEmpty();
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void ledgerVerify_onAMissingDirectory_pointsToVerifyingAnExportInstead() {
        Path data = dir.resolve("data");
        CliRun r = CliRun.run(Map.of(), "ledger", "verify", "--data-dir", data.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString()
                .contains("no data directory " + data, "from --data-dir", "--export FILE --public-key FILE");
        assertThat(data).doesNotExist();
    }

    @Test
    void defaultDirectory_isNamedAbsoluteAsTheDefault() {
        Path defaultDir = Path.of("assay-data").toAbsolutePath();
        assumeFalse(Files.exists(defaultDir), "a data directory exists where this test runs");
        CliRun r = CliRun.run(Map.of(), "models", "list");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("assay: no data directory " + defaultDir + " (default; set --data-dir DIR or ASSAY_DATA_DIR to use another)");
        assertThat(defaultDir).doesNotExist();
    }

    @Test
    void writingCommand_createsAMissingDirectory_sayingSoOnce() {
        Path data = dir.resolve("data");
        CliRun first = CliRun.run(Map.of(), "models", "register", "ranker", "--data-dir", data.toString());
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.OK);
        assertThat(first.errLines()).singleElement().asString()
                .isEqualTo("assay: created a new data directory " + data
                        + " (from --data-dir; set --data-dir DIR or ASSAY_DATA_DIR to use another)");
        assertThat(data).isDirectory();

        CliRun second = CliRun.run(Map.of(), "models", "list", "--data-dir", data.toString());
        assertThat(second.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(second.err()).isEmpty();
        assertThat(second.out()).startsWith("ranker");
    }

    @Test
    void flagWinsOverEnvironment_whichWinsOverTheConfigurationFile() throws IOException {
        Path fromFile = dir.resolve("file-data");
        Path fromEnv = dir.resolve("env-data");
        Path fromFlag = dir.resolve("flag-data");
        Path config = dir.resolve("assay.yaml");
        Files.writeString(config, "dataDir: " + fromFile + "\n");

        CliRun file = CliRun.run(Map.of(), "models", "list", "--config", config.toString());
        assertThat(file.err()).contains("no data directory " + fromFile + " (from dataDir in " + config + ";");
        CliRun env = CliRun.run(Map.of("ASSAY_DATA_DIR", fromEnv.toString()), "models", "list", "--config", config.toString());
        assertThat(env.err()).contains("no data directory " + fromEnv + " (from ASSAY_DATA_DIR;");
        CliRun flag = CliRun.run(Map.of("ASSAY_DATA_DIR", fromEnv.toString()), "models", "list", "--config", config.toString(),
                "--data-dir", fromFlag.toString());
        assertThat(flag.err()).contains("no data directory " + fromFlag + " (from --data-dir;");
    }

    @Test
    void failedWritingCommand_keepsToItsOneErrorLine() {
        Path data = dir.resolve("data");
        CliRun r = CliRun.run(Map.of("ASSAY_DATA_DIR", data.toString()), "models", "deploy", "ranker", "v1", "--reason", "r");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().doesNotContain("data directory");
    }

    @Test
    void help_documentsTheDataDirectoryChoiceAndItsDefault() {
        CliRun r = CliRun.run(Map.of(), "models", "list", "--help");
        assertThat(r.out().replaceAll("\\s+", " "))
                .contains("--data-dir=DIR", "env ASSAY_DATA_DIR", "assay-data in the current directory", "--config=FILE");
    }
}
