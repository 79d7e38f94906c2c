package dev.assay.fingerprint.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.signature.Signature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EdgePackageTest {
    static final EncoderConfig GOLDEN_CONFIG = new EncoderConfig(1024, "golden", 3, 1 << 20);
    static final byte[] PUBLIC = EdgePackage.publicKey(Fixtures.SEED);
    static final Map<Level, EdgePackage> GOLDEN = new EnumMap<>(Level.class);
    static final Map<Level, EdgePackage> REALISTIC = new EnumMap<>(Level.class);
    static Signature realistic;

    /** The deterministic signature of the golden files: two styles' responses to 6 probes at D = 1024. */
    static Signature golden() {
        ResponseEncoder enc = new ResponseEncoder(GOLDEN_CONFIG);
        return Fixtures.signature(GOLDEN_CONFIG, "golden-model", Fixtures.styled(enc, Fixtures.FORMAL, 6, 4, 7), 16);
    }

    @BeforeAll
    static void export() {
        Signature g = golden();
        realistic = Fixtures.synthetic(200, 3, 512, 11);
        for (Level level : Level.values()) {
            GOLDEN.put(level, EdgePackage.export(g, level, Fixtures.SEED));
            REALISTIC.put(level, EdgePackage.export(realistic, level, Fixtures.SEED, new ExportConfig(0.01, 100, 1, ExportConfig.DEFAULT_KS)));
        }
    }

    static EdgePackage read(byte[] bytes) {
        return EdgePackage.read(new ByteArrayInputStream(bytes), PUBLIC);
    }

    @Test
    void theFormatIsPinnedByGoldenFiles() throws IOException {
        for (Level level : Level.values()) {
            String name = "golden-" + level.name().toLowerCase(java.util.Locale.ROOT) + "-v1.aedg";
            byte[] bytes = GOLDEN.get(level).bytes();
            if (Boolean.getBoolean("assay.golden.update")) Files.write(Path.of("src/test/resources/export/" + name), bytes);
            byte[] expected;
            try (InputStream in = getClass().getResourceAsStream("/export/" + name)) {
                expected = in.readAllBytes();
            }
            assertThat(bytes).as(name).isEqualTo(expected);
            EdgePackage read = read(expected);
            assertThat(read.level()).isEqualTo(level);
            assertThat(read.bytes()).isEqualTo(expected);
            assertThat(read.keyId()).isEqualTo(HexFormat.of().formatHex(
                    Arrays.copyOf(sha256(PUBLIC), 8)));
            assertThat(read.reference().modelId()).isEqualTo("golden-model");
            assertThat(read.reference().signatureDigest()).isEqualTo(golden().digest());
            assertThat(Arrays.copyOf(expected, 6)).isEqualTo(new byte[] {'A', 'E', 'D', 'G', 1, (byte) level.ordinal()});
        }
    }

    @Test
    void everyLevelFitsItsBudgetForASignatureOf200ProbesAtTheDefaultDimension() {
        assertThat(realistic.config().dimension()).isEqualTo(16_384);
        assertThat(realistic.sample()).hasSize(512);
        assertThat(Level.MINIMAL.budget()).isEqualTo(1_024);
        assertThat(Level.BALANCED.budget()).isEqualTo(10_240);
        assertThat(Level.FULL.budget()).isEqualTo(102_400);
        for (Level level : Level.values()) {
            EdgePackage p = REALISTIC.get(level);
            assertThat(p.size()).as("%s size", level).isLessThanOrEqualTo(level.budget()).isEqualTo(p.bytes().length);
            assertThat(read(p.bytes()).reference().toString()).isEqualTo(p.reference().toString());
        }
        EdgeReference minimal = REALISTIC.get(Level.MINIMAL).reference();
        assertThat(minimal.dimension()).isEqualTo(4096);
        EdgeReference balanced = REALISTIC.get(Level.BALANCED).reference();
        assertThat(balanced.dimension()).isEqualTo(8192);
        assertThat(balanced.probes()).hasSizeBetween(10, 199);
        EdgeReference full = REALISTIC.get(Level.FULL).reference();
        assertThat(full.dimension()).isEqualTo(16_384);
        assertThat(full.probes()).hasSize(200);
        assertThat(full.sample()).hasSizeBetween(1, 511);
        // one more sampled response would not have fitted
        assertThat(REALISTIC.get(Level.FULL).size() + 2 + 10 + 128).isGreaterThan(Level.FULL.budget());
    }

    @Test
    void everyFlippedByteIsRefused() {
        for (Level level : Level.values()) {
            byte[] good = GOLDEN.get(level).bytes();
            for (int i = 0; i < good.length; i++) assertRefused(flip(good, i), null);
            byte[] big = REALISTIC.get(level).bytes();
            for (int i = 0; i < big.length; i += 61) assertRefused(flip(big, i), null);
        }
    }

    @Test
    void truncatedPackagesAreRefused() {
        for (Level level : Level.values()) {
            byte[] good = REALISTIC.get(level).bytes();
            for (int len : new int[] {0, 2, 4, 10, 25, 26, 27, good.length / 2, good.length - 65, good.length - 1}) {
                assertRefused(Arrays.copyOf(good, len), "is truncated");
            }
        }
    }

    @Test
    void anotherPublicKeyIsRefused() throws Exception {
        byte[] good = GOLDEN.get(Level.BALANCED).bytes();
        assertThatThrownBy(() -> EdgePackage.read(new ByteArrayInputStream(good), EdgePackage.publicKey(Fixtures.OTHER_SEED)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("was signed by key");
        PublicKey jca = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                concat(HexFormat.of().parseHex("302a300506032b6570032100"), PUBLIC)));
        assertThat(EdgePackage.read(new ByteArrayInputStream(good), jca).bytes()).isEqualTo(good);
    }

    @Test
    void eachProblemIsNamed() {
        byte[] good = GOLDEN.get(Level.MINIMAL).bytes();
        assertRefused(flip(good, 0), "does not start with AEDG");
        byte[] v2 = good.clone();
        v2[4] = 2;
        assertRefused(v2, "format version 2");
        byte[] level = good.clone();
        level[5] = 3;
        assertRefused(level, "unknown level 3");
        byte[] big = good.clone();
        ByteBuffer.wrap(big).putInt(22, 5_000);
        assertRefused(big, "declares 5122 bytes, beyond the MINIMAL budget of 1024");
        byte[] asBalanced = good.clone();
        asBalanced[5] = 1;
        assertRefused(asBalanced, "SHA-256 checksum does not match");
        assertRefused(flip(good, 40), "SHA-256 checksum does not match");
        assertRefused(flip(good, good.length - 10), "invalid Ed25519 signature");
        byte[] resummed = flip(good, 40);
        int signed = good.length - 96;
        System.arraycopy(sha256(Arrays.copyOf(resummed, signed)), 0, resummed, signed, 32);
        assertRefused(resummed, "invalid Ed25519 signature");
    }

    @Test
    void readingStopsAtThePackagesEndAndRefusesAnOversizedOneAfterItsHeader() throws IOException {
        var out = new ByteArrayOutputStream();
        GOLDEN.get(Level.FULL).write(out);
        GOLDEN.get(Level.MINIMAL).write(out);
        out.write(new byte[] {42, 43});
        var in = new ByteArrayInputStream(out.toByteArray());
        assertThat(EdgePackage.read(in, PUBLIC).level()).isEqualTo(Level.FULL);
        assertThat(EdgePackage.read(in, PUBLIC).level()).isEqualTo(Level.MINIMAL);
        assertThat(in.readAllBytes()).containsExactly(42, 43);

        byte[] huge = GOLDEN.get(Level.BALANCED).bytes();
        ByteBuffer.wrap(huge).putInt(22, Integer.MAX_VALUE);
        var counting = new ByteArrayInputStream(huge);
        assertThatThrownBy(() -> EdgePackage.read(counting, PUBLIC)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("beyond the BALANCED budget of 10240");
        assertThat(huge.length - counting.available()).isEqualTo(26);
    }

    @Test
    void exportRefusesASignatureWhoseSampleCannotCalibrate() {
        ResponseEncoder enc = new ResponseEncoder(GOLDEN_CONFIG);
        Signature one = Fixtures.signature(GOLDEN_CONFIG, "m", Fixtures.styled(enc, Fixtures.FORMAL, 3, 2, 1), 1);
        assertThatThrownBy(() -> EdgePackage.export(one, Level.MINIMAL, Fixtures.SEED)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("samples 1 responses, at least 2 are needed");
        assertThatThrownBy(() -> EdgePackage.export(golden(), Level.MINIMAL, new byte[31]))
                .hasMessageContaining("32 bytes");
    }

    static void assertRefused(byte[] bytes, String message) {
        var thrown = assertThatThrownBy(() -> read(bytes)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("edge package");
        if (message != null) thrown.hasMessageContaining(message);
    }

    static byte[] flip(byte[] b, int i) {
        byte[] c = b.clone();
        c[i] ^= 0x01;
        return c;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
