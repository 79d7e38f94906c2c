package dev.assay.core.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * RFC 9162 hashing and proofs against independent values: the RFC 6962 / Certificate
 * Transparency reference tree of eight leaves (roots of every size and node hashes, as
 * transparency-dev/merkle's testonly package states them), every verifier vector of
 * transparency-dev/merkle (test resources tlog-vectors/, see SOURCE.md), and properties over
 * random sizes: every generated proof verifies and every altered one is refused.
 */
class MerkleTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> LEAF_INPUTS = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f");
    static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    static List<byte[]> referenceLeaves() {
        return LEAF_INPUTS.stream().map(h -> Merkle.leafHash(HexFormat.of().parseHex(h))).toList();
    }

    @Test
    void rootsOfTheReferenceTree_matchForEverySize() {
        List<byte[]> leaves = referenceLeaves();
        for (int n = 0; n <= 8; n++) assertThat(Merkle.hex(Merkle.root(leaves, n))).as("size " + n).isEqualTo(ROOTS.get(n));
        assertThat(Merkle.hex(leaves.get(7))).isEqualTo("46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1");
        assertThat(Merkle.hex(Merkle.nodeHash(leaves.get(0), leaves.get(1))))
                .isEqualTo("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
    }

    @Test
    void generatedProofsOfTheReferenceTree_equalTheVectorsHappyPaths() {
        List<byte[]> leaves = referenceLeaves();
        JsonNode inclusion = vector("inclusion/1/happy-path.json");
        assertThat(Merkle.inclusionProof(leaves, inclusion.get("leafIdx").asInt(), inclusion.get("treeSize").asInt()))
                .usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(hashes(inclusion.get("proof")));
        JsonNode consistency = vector("consistency/1/happy-path.json");
        assertThat(Merkle.consistencyProof(leaves, consistency.get("size1").asInt(), consistency.get("size2").asInt()))
                .usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(hashes(consistency.get("proof")));
    }

    @Test
    void everyInclusionVector_isAcceptedOrRefusedAsItSays() {
        List<Path> files = files("inclusion");
        assertThat(files).hasSizeGreaterThan(80);
        List<String> wrong = new ArrayList<>();
        for (Path f : files) {
            JsonNode v = read(f);
            boolean accepted = Merkle.includes(v.get("leafIdx").asLong(), v.get("treeSize").asLong(), bytes(v.get("leafHash")),
                    hashes(v.get("proof")), bytes(v.get("root")));
            if (accepted == v.get("wantErr").asBoolean()) wrong.add(dir().relativize(f) + ": " + v.get("desc").asText());
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyConsistencyVector_isAcceptedOrRefusedAsItSays() {
        List<Path> files = files("consistency");
        assertThat(files).hasSizeGreaterThan(80);
        List<String> wrong = new ArrayList<>();
        for (Path f : files) {
            JsonNode v = read(f);
            boolean accepted = Merkle.consistent(v.get("size1").asLong(), v.get("size2").asLong(), bytes(v.get("root1")),
                    bytes(v.get("root2")), hashes(v.get("proof")));
            if (accepted == v.get("wantErr").asBoolean()) wrong.add(dir().relativize(f) + ": " + v.get("desc").asText());
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void refusals_sayWhy() {
        List<byte[]> leaves = referenceLeaves();
        byte[] root7 = Merkle.root(leaves, 7);
        byte[] root8 = Merkle.root(leaves, 8);
        List<byte[]> proof = Merkle.consistencyProof(leaves, 7, 8);
        assertThatThrownBy(() -> Merkle.verifyConsistency(8, 7, root8, root7, proof))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("cannot extend");
        byte[] forged = root7.clone();
        forged[0] ^= 1;
        assertThatThrownBy(() -> Merkle.verifyConsistency(7, 8, forged, root8, proof))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("size 7");
        assertThatThrownBy(() -> Merkle.verifyConsistency(8, 8, root8, forged, List.of()))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("forked");
        assertThatThrownBy(() -> Merkle.verifyInclusion(3, 8, leaves.get(3), List.of(new byte[5]), root8))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("5 bytes");
        List<byte[]> longer = new ArrayList<>(Merkle.inclusionProof(leaves, 3, 8));
        longer.add(root8);
        assertThatThrownBy(() -> Merkle.verifyInclusion(3, 8, leaves.get(3), longer, root8))
                .isInstanceOf(InvalidProofException.class).hasMessageContaining("too many");
    }

    @Property(tries = 200)
    void generatedProofsVerify_andAlteredOnesDoNot(@ForAll @IntRange(min = 1, max = 300) int size,
                                                   @ForAll @IntRange(min = 0, max = 299) int a,
                                                   @ForAll @IntRange(min = 0, max = 299) int b) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) leaves.add(Merkle.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
        int m = a % size;
        byte[] root = Merkle.root(leaves, size);
        List<byte[]> inclusion = Merkle.inclusionProof(leaves, m, size);
        assertThat(Merkle.includes(m, size, leaves.get(m), inclusion, root)).isTrue();
        assertThat(inclusion.size()).isLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(Math.max(1, size - 1)));
        if (size > 1) assertThat(Merkle.includes((m + 1) % size, size, leaves.get(m), inclusion, root)).isFalse();
        int m1 = 1 + b % size;
        List<byte[]> consistency = Merkle.consistencyProof(leaves, m1, size);
        byte[] older = Merkle.root(leaves, m1);
        assertThat(Merkle.consistent(m1, size, older, root, consistency)).isTrue();
        if (!consistency.isEmpty()) {
            List<byte[]> altered = new ArrayList<>(consistency);
            byte[] h = altered.get(altered.size() - 1).clone();
            h[h.length - 1] ^= 1;
            altered.set(altered.size() - 1, h);
            assertThat(Merkle.consistent(m1, size, older, root, altered)).isFalse();
        }
    }

    static JsonNode vector(String name) {
        return read(dir().resolve(name));
    }

    static Path dir() {
        try {
            return Path.of(MerkleTest.class.getResource("/tlog-vectors/SOURCE.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> files(String kind) {
        try (Stream<Path> s = Files.walk(dir().resolve(kind))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode n) {
        return n == null || n.isNull() ? new byte[0] : Base64.getDecoder().decode(n.asText());
    }

    static List<byte[]> hashes(JsonNode n) {
        List<byte[]> out = new ArrayList<>();
        if (n != null && !n.isNull()) n.forEach(h -> out.add(bytes(h)));
        return out;
    }
}
