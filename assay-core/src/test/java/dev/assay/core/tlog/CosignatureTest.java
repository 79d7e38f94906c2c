package dev.assay.core.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CosignatureTest {
    static final String BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    static List<Map<String, String>> vectors() throws IOException {
        try (InputStream in = CosignatureTest.class.getResourceAsStream("/tlog-cosignature/cosignature-v1.txt")) {
            List<Map<String, String>> out = new ArrayList<>();
            Map<String, String> v = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                if (line.isEmpty()) {
                    if (!v.isEmpty()) out.add(v);
                    v = new LinkedHashMap<>();
                } else {
                    v.put(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1));
                }
            }
            return out;
        }
    }

    @Test
    void matchesTheIndependentlyComputedVectorsByteForByte() throws IOException {
        List<Map<String, String>> vectors = vectors();
        assertThat(vectors).hasSize(2);
        for (Map<String, String> v : vectors) {
            CosignerKey key = CosignerKey.signer(v.get("name"), HexFormat.of().parseHex(v.get("seed")));
            String body = new String(Base64.getDecoder().decode(v.get("body")), StandardCharsets.UTF_8);
            Instant time = Instant.ofEpochSecond(Long.parseLong(v.get("time")));
            assertThat(key.verifierKey()).isEqualTo(v.get("vkey"));
            assertThat(key.signerKey()).isEqualTo(v.get("skey"));
            assertThat(Cosignature.line(body, key, time)).isEqualTo(v.get("line") + "\n");
            assertThat(Cosignature.verify(body, v.get("line"), CosignerKey.parseVerifier(v.get("vkey")))).isEqualTo(time);
            assertThat(CosignerKey.parseSigner(v.get("skey")).verifierKey()).isEqualTo(v.get("vkey"));
        }
    }

    @Test
    void readsTheTimestampOfTheSpecsExampleLine() {
        assertThat(Cosignature.timestamp("— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJs"
                + "X3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==")).isEqualTo(Instant.ofEpochSecond(1679315147));
    }

    @Test
    void refusesAChangedCheckpointAnotherKeyAndAnAlteredTimestamp() {
        CosignerKey key = CosignerKey.generate("w.example/1", new SecureRandom());
        String line = Cosignature.line(BODY, key, Instant.ofEpochSecond(1_700_000_000));
        assertThatThrownBy(() -> Cosignature.verify(BODY.replace("20852163", "20852164"), line, key.verifierOnly()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not verify");
        CosignerKey other = CosignerKey.generate("w.example/1", new SecureRandom());
        assertThatThrownBy(() -> Cosignature.verify(BODY, line, other)).hasMessageContaining("not by w.example/1+");
        byte[] b = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1).strip());
        b[11] ^= 1; // the timestamp's last byte
        String moved = "— w.example/1 " + Base64.getEncoder().encodeToString(b);
        assertThatThrownBy(() -> Cosignature.verify(BODY, moved, key)).hasMessageContaining("does not verify");
    }

    @Test
    void aCosignerKeyIsNotANoteKey_theKeyHashesDiffer() {
        byte[] seed = new byte[32];
        CosignerKey c = CosignerKey.signer("w", seed);
        NoteKey n = NoteKey.signer("w", seed);
        assertThat(c.publicKey()).isEqualTo(n.publicKey());
        assertThat(c.hash()).isNotEqualTo(n.hash());
        assertThatThrownBy(() -> CosignerKey.parseVerifier(n.verifierKey())).hasMessageContaining("type 4");
        assertThatThrownBy(() -> CosignerKey.parseVerifier(c.verifierKey().replace("+" + String.format("%08x", c.hash()) + "+", "+00000000+")))
                .hasMessageContaining("key hash");
    }

    @Test
    void requireCosignersCountsDistinctValidWitnessesAndNamesHowManyVerified() {
        NoteKey log = NoteKey.signer("log.example", new byte[32]);
        Checkpoint cp = new Checkpoint("log.example", 3, Merkle.emptyRoot());
        CosignerKey w1 = CosignerKey.generate("w1.example", new SecureRandom());
        CosignerKey w2 = CosignerKey.generate("w2.example", new SecureRandom());
        CosignerKey w3 = CosignerKey.generate("w3.example", new SecureRandom());
        Instant t = Instant.ofEpochSecond(1_700_000_000);
        String note = cp.sign(log) + Cosignature.line(cp.text(), w1, t) + Cosignature.line(cp.text(), w2, t)
                + Cosignature.line(cp.text(), w1, t.plusSeconds(1));
        List<CosignerKey> all = List.of(w1.verifierOnly(), w2.verifierOnly(), w3.verifierOnly());
        Cosignature.Cosigned ok = Cosignature.requireCosigners(note, log.verifierOnly(), "log.example", all, 2);
        assertThat(ok.checkpoint()).isEqualTo(cp);
        assertThat(ok.cosignedAt()).containsOnlyKeys("w1.example", "w2.example");
        assertThatThrownBy(() -> Cosignature.requireCosigners(note, log.verifierOnly(), "log.example", all, 3))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("3 of 3 witnesses").hasMessageContaining("but 2 verified");
        String good = Cosignature.line(cp.text(), w3, t);
        byte[] b = Base64.getDecoder().decode(good.substring(good.lastIndexOf(' ') + 1).strip());
        b[40] ^= 1; // inside the Ed25519 signature
        String forged = cp.sign(log) + "— w3.example " + Base64.getEncoder().encodeToString(b) + "\n";
        assertThatThrownBy(() -> Cosignature.requireCosigners(forged, log.verifierOnly(), "log.example", all, 1))
                .hasMessageContaining("the cosignature of w3.example does not verify")
                .isInstanceOf(InvalidInputException.class);
    }
}
