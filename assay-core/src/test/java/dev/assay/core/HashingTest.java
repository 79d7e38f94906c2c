package dev.assay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashingTest {
    @TempDir
    Path dir;

    @Test
    void fileAndBytesDigests_matchTheKnownSha256OfAbc() throws Exception {
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // FIPS 180-2 example
        assertThat(Hashing.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(abc);
        assertThat(Hashing.sha256Hex(Files.writeString(dir.resolve("f"), "abc"))).isEqualTo(abc);
        assertThatThrownBy(() -> Hashing.sha256Hex(dir.resolve("missing"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("missing: no such file");
    }
}
