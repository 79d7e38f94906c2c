package dev.assay.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerKeysTest {
    @TempDir
    Path dir;

    @Test
    void loadOrCreate_createsAPrivateKeyOnlyTheOwnerCanRead() throws Exception {
        LedgerKeys keys = LedgerKeys.loadOrCreate(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(LedgerKeys.PRIVATE_FILE))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve(LedgerKeys.PUBLIC_FILE))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(keys.keyId()).hasSize(16);
    }

    @Test
    void loadOrCreate_returnsTheSameKeyOnTheNextStart() {
        LedgerKeys first = LedgerKeys.loadOrCreate(dir);
        LedgerKeys second = LedgerKeys.loadOrCreate(dir);
        assertThat(second.keyId()).isEqualTo(first.keyId());
        byte[] msg = "m".getBytes(StandardCharsets.UTF_8);
        assertThat(first.verify(msg, second.sign(msg))).isTrue();
    }

    @Test
    void trusting_verifiesButCannotSign() {
        LedgerKeys keys = LedgerKeys.loadOrCreate(dir);
        LedgerKeys auditor = LedgerKeys.trusting(dir.resolve(LedgerKeys.PUBLIC_FILE));
        byte[] msg = "m".getBytes(StandardCharsets.UTF_8);
        assertThat(auditor.verify(msg, keys.sign(msg))).isTrue();
        assertThat(auditor.verify(msg, "not base64!")).isFalse();
        assertThatThrownBy(() -> auditor.sign(msg)).isInstanceOf(LedgerException.class).hasMessageContaining("verify-only");
    }

    @Test
    void loadOrCreate_rejectsAPublicKeyThatDoesNotMatch() throws Exception {
        LedgerKeys.loadOrCreate(dir);
        Path other = dir.resolve("other");
        LedgerKeys.loadOrCreate(other);
        Files.copy(other.resolve(LedgerKeys.PUBLIC_FILE), dir.resolve(LedgerKeys.PUBLIC_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> LedgerKeys.loadOrCreate(dir)).isInstanceOf(LedgerException.class)
                .hasMessageContaining("does not match");
    }

    @Test
    void loadOrCreate_namesACorruptKeyFile() throws Exception {
        Files.writeString(dir.resolve(LedgerKeys.PRIVATE_FILE), "garbage");
        Files.writeString(dir.resolve(LedgerKeys.PUBLIC_FILE), "garbage");
        assertThatThrownBy(() -> LedgerKeys.loadOrCreate(dir)).isInstanceOf(LedgerException.class)
                .hasMessageContaining(LedgerKeys.PRIVATE_FILE);
    }
}
