package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay models ...} and {@code assay ledger verify|export} in-process, with their exit codes. */
class LedgerAndModelsCliTest {
    @TempDir
    Path dir;

    Map<String, String> env;

    @BeforeEach
    void env() {
        env = Map.of("ASSAY_DATA_DIR", dir.toString());
    }

    CliRun ok(String... args) {
        CliRun r = CliRun.run(env, args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        return r;
    }

    void rollout() {
        ok("models", "register", "ranker", "--description", "search ranker");
        ok("models", "add-version", "ranker", "v1", "--data-hash", "sha256:aa", "--seed", "1", "--code-version", "git:1",
                "--params", "{\"lr\":0.1}");
        ok("models", "add-version", "ranker", "v2", "--data-hash", "sha256:bb", "--seed", "2", "--code-version", "git:2");
        ok("models", "deploy", "ranker", "v1", "--stage", "PRIMARY", "--reason", "first");
        ok("models", "deploy", "ranker", "v2", "--stage", "canary", "--percent", "10", "--reason", "canary");
    }

    @Test
    void modelsCommands_driveTheRolloutAndLedgerVerifies() {
        rollout();
        assertThat(ok("models", "route", "ranker", "user-1").out()).contains("\"model\" : \"ranker\"");
        assertThat(ok("models", "rollback", "ranker", "v2", "--reason", "guard failed").out()).contains("rolled back ranker/v2");
        assertThat(ok("models", "rollback", "ranker", "v2", "--reason", "again").out()).contains("already rolled back");
        assertThat(ok("models", "versions", "ranker").out()).contains("\"dataHash\" : \"sha256:aa\"");
        assertThat(ok("ledger", "verify").out()).startsWith("ok: ledger verifies: 6 entries");
    }

    @Test
    void illegalMovesAndBadInput_exit2WithOneLine() {
        rollout();
        CliRun second = CliRun.run(env, "models", "deploy", "ranker", "v2", "--stage", "PRIMARY", "--reason", "x");
        assertThat(second.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(second.errLines()).singleElement().asString().contains("already has primary");
        CliRun badJson = CliRun.run(env, "models", "add-version", "ranker", "v3", "--data-hash", "h", "--seed", "1",
                "--code-version", "c", "--params", "{bad");
        assertThat(badJson.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badJson.errLines()).singleElement().asString().contains("--params is not valid JSON");
        assertThat(ok("ledger", "verify").out()).contains("5 entries");
    }

    @Test
    void addVersion_readsParamsFromAnAtFile_ratherThanSplicingItIntoTheArguments() throws Exception {
        ok("models", "register", "ranker");
        Path params = Files.writeString(dir.resolve("params.json"), "{\"lr\": 0.1, \"layers\": [64, 32]}\n");
        ok("models", "add-version", "ranker", "v1", "--data-hash", "sha256:aa", "--seed", "1", "--code-version", "git:1",
                "--params", "@" + params);
        assertThat(ok("models", "versions", "ranker").out()).contains("\"layers\"", "64");
    }

    @Test
    void ledgerVerify_exits1AndNamesTheTamperedEntry() throws Exception {
        rollout();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("assay.db"))) {
            c.createStatement().execute("DELETE FROM ledger_entries WHERE seq = 3");
        }
        CliRun r = CliRun.run(env, "ledger", "verify");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.out()).startsWith("TAMPERED at entry 3: DELETED");
    }

    /** Issue 7: a wiped ledger whose head was reset with a blank signature verified as "ok: 0 entries". */
    @Test
    void ledgerVerify_failsOnAWipedLedgerAndDoesNotReSignIt() throws Exception {
        rollout();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("assay.db"))) {
            c.createStatement().execute("DELETE FROM ledger_entries");
            c.createStatement().execute("UPDATE ledger_head SET seq = 0, hash = '" + "0".repeat(64) + "', signature = ''");
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            CliRun r = CliRun.run(env, "ledger", "verify");
            assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
            assertThat(r.out()).startsWith("TAMPERED at entry 1: UNSIGNED");
        }
    }

    /** Issue 7: truncation with the head rewound to an earlier entry and its signature blanked verified as "ok". */
    @Test
    void ledgerVerify_failsOnARewoundHeadWithABlankSignature() throws Exception {
        rollout();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("assay.db"))) {
            c.createStatement().execute("DELETE FROM ledger_entries WHERE seq > 3");
            c.createStatement().execute("UPDATE ledger_head SET seq = 3, hash = (SELECT hash FROM ledger_entries WHERE seq = 3),"
                    + " signature = ''");
        }
        CliRun r = CliRun.run(env, "ledger", "verify", "--mode", "CHECKPOINTS");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.out()).startsWith("TAMPERED at entry 3: UNSIGNED");
    }

    @Test
    void ledgerVerify_withoutALedgerKey_saysWhatToPass() {
        CliRun r = CliRun.run(Map.of("ASSAY_DATA_DIR", dir.resolve("empty").toString()), "ledger", "verify");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().contains("--public-key FILE").contains("--data-dir DIR");
    }

    @Test
    void ledgerExport_withoutOut_writesTheSameLinesToTheCommandsStdout() throws Exception {
        rollout();
        Path file = dir.resolve("ledger.jsonl");
        ok("ledger", "export", "--out", file.toString());
        CliRun r = ok("ledger", "export");
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines()).hasSize(6).first().asString().contains("\"format\":\"assay-ledger-export/1\"");
        assertThat(r.out()).isEqualTo(Files.readString(file));
    }

    @Test
    void ledgerExport_verifiesWithThePublicKeyAndDetectsEdits() throws Exception {
        rollout();
        Path export = dir.resolve("ledger.jsonl");
        ok("ledger", "export", "--out", export.toString());
        Path pub = dir.resolve("ledger-ed25519.pub");
        assertThat(ok("ledger", "verify", "--export", export.toString(), "--public-key", pub.toString()).out())
                .startsWith("ok:");
        Files.writeString(export, Files.readString(export).replace("canary", "CANARY!"));
        CliRun r = CliRun.run(env, "ledger", "verify", "--export", export.toString(), "--public-key", pub.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.out()).contains("TAMPERED at entry 5");
        CliRun missing = CliRun.run(env, "ledger", "verify", "--export", dir.resolve("nope.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
