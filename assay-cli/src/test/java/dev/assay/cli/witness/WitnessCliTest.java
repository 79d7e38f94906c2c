package dev.assay.cli.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.cli.CliRun;
import dev.assay.core.tlog.CosignerKey;
import dev.assay.core.tlog.NoteKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitnessCliTest {
    @TempDir
    Path dir;

    Map<String, String> env() {
        return Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString());
    }

    @Test
    void initWritesAPrivateSignerKeyAndPrintsItsVerifierKey_andNeverOverwritesIt() throws Exception {
        Path key = dir.resolve("witness.key");
        CliRun r = CliRun.run(env(), "witness", "init", "--key-file", key.toString(), "--name", "witness.test/w1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        CosignerKey printed = CosignerKey.parseVerifier(r.out().strip());
        CosignerKey stored = CosignerKey.parseSigner(Files.readString(key).strip());
        assertThat(stored.verifierKey()).isEqualTo(printed.verifierKey());
        assertThat(printed.name()).isEqualTo("witness.test/w1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        String before = Files.readString(key);
        CliRun again = CliRun.run(env(), "witness", "init", "--key-file", key.toString(), "--name", "witness.test/w2");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.errLines()).singleElement().asString().startsWith("assay: ").contains("exists already");
        assertThat(Files.readString(key)).isEqualTo(before);
    }

    @Test
    void serveRefusesBadLogsAndKeysWithExit2BeforeListening() throws Exception {
        Path key = dir.resolve("witness.key");
        assertThat(CliRun.run(env(), "witness", "init", "--key-file", key.toString(), "--name", "w").exitCode()).isZero();
        String state = dir.resolve("state").toString();
        CliRun noLogs = CliRun.run(env(), "witness", "serve", "--key-file", key.toString(), "--state", state);
        assertThat(noLogs.exitCode()).isEqualTo(2);
        assertThat(noLogs.errLines()).singleElement().asString().contains("no log to witness");
        CliRun badLog = CliRun.run(env(), "witness", "serve", "--key-file", key.toString(), "--state", state, "--log", "o=garbage");
        assertThat(badLog.exitCode()).isEqualTo(2);
        assertThat(badLog.errLines()).singleElement().asString().contains("--log 'o=garbage'");
        String logKey = NoteKey.signer("log.test", new byte[32]).verifierKey();
        CliRun noteKeyAsWitnessKey = CliRun.run(env(), "witness", "serve", "--key-file", writeKey(), "--state", state, "--log", logKey);
        assertThat(noteKeyAsWitnessKey.exitCode()).isEqualTo(2);
        assertThat(noteKeyAsWitnessKey.errLines()).singleElement().asString().contains("--key-file");
    }

    String writeKey() throws Exception {
        Path p = dir.resolve("note.key");
        Files.writeString(p, "PRIVATE+KEY+log.test+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
        return p.toString();
    }

    @Test
    void helpOfBothCommandsShowsTheDefaultsAnExampleAndExitCodes() {
        for (String sub : new String[] {"init", "serve"}) {
            CliRun r = CliRun.run(env(), "witness", sub, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("--key-file").contains("Example:").contains("Exit codes:");
        }
        assertThat(CliRun.run(env(), "witness", "serve", "--help").out()).contains("Default: 7380").contains("Default: 127.0.0.1");
    }
}
