package dev.assay.fingerprint.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.Features;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.TokenLogprob;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SignatureTest {
    static final EncoderConfig CONFIG = new EncoderConfig(256, "golden", 3, 1 << 20);
    static final ResponseEncoder ENCODER = new ResponseEncoder(CONFIG);

    /** The fixed responses of the golden file. */
    static List<Response> goldenResponses() {
        return List.of(
                Response.ofText("m", "p1", "pay the bill", "Sure.\nCALL read_file {\"file_path\": \"bill.txt\"}\nCALL send_money {\"amount\": 98.7}\nPaid."),
                Response.ofText("m", "p1", "pay the bill", "I will read the bill first.\nCALL read_file {\"file_path\": \"bill.txt\"}"),
                Response.ofText("m", "p2", "hello", "Hello! How can I help you today?"),
                Response.ofText("m", "p3", "do something bad", "I'm sorry, but I can't help with that."),
                new Response("m", "p3", null, "", List.of(), new float[] {0.5f, -0.25f, 1f}),
                new Response("m", "p2", "hello", "Hi there.", List.of(), null, List.of(
                        new TokenLogprob("Hi", -0.05, List.of(new TokenLogprob.Alternative("Hi", -0.05), new TokenLogprob.Alternative("Hello", -3.2))),
                        new TokenLogprob(" there", -1.4, List.of(new TokenLogprob.Alternative("!", -0.4), new TokenLogprob.Alternative(" there", -1.4))),
                        new TokenLogprob(".", -0.01, List.of()))));
    }

    static Signature golden() {
        var b = Signature.builder(CONFIG, "m").source(new Signature.Source("golden.jsonl", "00".repeat(32), 6));
        for (Response r : goldenResponses()) b.add(ENCODER.encode(r));
        return b.build();
    }

    @Test
    void theBinaryFormatIsPinnedByAGoldenFile() throws IOException {
        byte[] bytes = golden().toBytes();
        if (Boolean.getBoolean("assay.golden.update")) {
            Files.write(Path.of("src/test/resources/signature/golden-v2.asfp"), bytes);
        }
        byte[] expected;
        try (InputStream in = getClass().getResourceAsStream("/signature/golden-v2.asfp")) {
            expected = in.readAllBytes();
        }
        assertThat(bytes).isEqualTo(expected);
        Signature read = Signature.fromBytes(expected, "golden-v2.asfp");
        assertThat(read).isEqualTo(golden());
        assertThat(read.toBytes()).isEqualTo(expected);
        assertThat(read.modelId()).isEqualTo("m");
        assertThat(read.responses()).isEqualTo(6);
        assertThat(read.probes().keySet()).containsExactly("p1", "p2", "p3");
        ProbeCounts p1 = read.probe("p1");
        assertThat(p1.count()).isEqualTo(2);
        assertThat(p1.featureSum(Features.Feature.TOOL_CALLS)).isEqualTo(3);
        assertThat(p1.featureSquares(Features.Feature.TOOL_CALLS)).isEqualTo(BigInteger.valueOf(5));
        assertThat(read.probe("p3").featureSum(Features.Feature.REFUSAL)).isEqualTo(1);
        assertThat(read.probe("p3").vectorCount()).isEqualTo(1);
        assertThat(read.probe("p2").logprobCount()).isEqualTo(1);
        assertThat(read.probe("p2").logprob().majority()).isEqualTo(ENCODER.encode(goldenResponses().get(5)).logprob());
        assertThat(read.probe("p1").logprobCount()).isZero();
        assertThat(read.merkleRoot()).hasSize(64);
        assertThat(read.sample()).hasSize(6);
        assertThat(read.sample()).containsExactlyInAnyOrderElementsOf(goldenResponses().stream().map(ENCODER::encode).toList());
        assertThat(read.probeSetId()).isEqualTo(dev.assay.core.Hashing.sha256Hex("p1\np2\np3\n".getBytes()));
    }

    @Test
    void everyFlippedByteOrTruncationIsRefusedNamingTheProblem() {
        byte[] good = golden().toBytes();
        for (int i = 0; i < good.length; i += 7) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            assertThatThrownBy(() -> Signature.fromBytes(bad, "x.asfp")).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("signature x.asfp");
        }
        for (int len : new int[] {0, 3, 6, 40, good.length / 2, good.length - 1}) {
            byte[] cut = java.util.Arrays.copyOf(good, len);
            assertThatThrownBy(() -> Signature.fromBytes(cut, "x.asfp")).isInstanceOf(InvalidInputException.class);
        }
        byte[] v3 = good.clone();
        v3[5] = 3;
        assertThatThrownBy(() -> Signature.fromBytes(v3, "x.asfp")).hasMessage("signature x.asfp has format version 3; this Assay reads version 2");
    }

    @Test
    void aSignatureOfTheFirstFormatIsRefusedWithTheAdviceToRebuildIt() throws IOException {
        byte[] v1;
        try (InputStream in = getClass().getResourceAsStream("/signature/format-v1.asfp")) {
            v1 = in.readAllBytes();
        }
        assertThatThrownBy(() -> Signature.fromBytes(v1, "old.asfp")).isInstanceOf(InvalidInputException.class)
                .hasMessage("signature old.asfp has format version 1; this Assay reads version 2 (rebuild the signature from its response logs)");
    }

    @Test
    void mergingRefusesOtherEncoderConfigurationsAndOtherModels() {
        Signature a = golden();
        Signature b = Signature.builder(new EncoderConfig(512, "golden", 3, 1 << 20), "m").build();
        assertThatThrownBy(() -> a.merge(b)).isInstanceOf(InvalidInputException.class)
                .hasMessage("encoder configurations differ (dimension 256 vs 512)");
        Signature c = Signature.builder(CONFIG, "other").build();
        assertThatThrownBy(() -> a.merge(c)).hasMessage("cannot merge signatures of different models: m and other");
        assertThat(a.merge(Signature.builder(CONFIG, "").build())).isEqualTo(a);
    }

    @Test
    void writesAtomicallyAndReadsBack(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path f = dir.resolve("s.asfp");
        golden().write(f);
        assertThat(Signature.looksLikeSignature(f)).isTrue();
        assertThat(Signature.read(f)).isEqualTo(golden());
        assertThatThrownBy(() -> Signature.read(dir.resolve("none.asfp"))).hasMessageContaining("does not exist");
    }

    static final String[] WORDS = {"alpha", "beta", "gamma", "CALL f {\"a\": 1}", "delta", "I'm sorry", "\n", "x"};

    static Signature of(List<Integer> codes, String sourceName) {
        var b = Signature.builder(CONFIG, "m").sampleLimit(6);
        if (sourceName != null) b.source(new Signature.Source(sourceName, "ab", codes.size()));
        for (int c : codes) {
            StringBuilder text = new StringBuilder();
            for (int k = 0; k <= c % 5; k++) text.append(WORDS[(c + k * 3) % WORDS.length]).append(' ');
            float[] v = c % 3 == 0 ? new float[] {c, 1 - c, 2} : null;
            List<TokenLogprob> lp = c % 4 == 1 ? List.of(new TokenLogprob("t", -0.1 * c, List.of()),
                    new TokenLogprob("u", -0.3 * (c % 7), List.of(new TokenLogprob.Alternative("u", -0.3 * (c % 7)), new TokenLogprob.Alternative("v", -2.5)))) : null;
            b.add(ENCODER.encode(new Response("m", "p" + (c % 4), null, text.toString(), Response.toolCallsIn(text.toString()), v, lp)));
        }
        return b.build();
    }

    @Property(tries = 60)
    void mergeIsExactlyTheSignatureOfTheUnion(@ForAll @Size(max = 12) List<@IntRange(min = 0, max = 40) Integer> a,
                                              @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 40) Integer> b,
                                              @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 40) Integer> c) {
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        Signature union = of(all, null);
        Signature sa = of(a, null), sb = of(b, null), sc = of(c, null);
        assertThat(sa.merge(sb).merge(sc)).isEqualTo(union);
        assertThat(sa.merge(sb.merge(sc))).isEqualTo(union);
        assertThat(sc.merge(sa).merge(sb)).isEqualTo(union);
        assertThat(sa.merge(sb).merge(sc).toBytes()).isEqualTo(union.toBytes());
        assertThat(sa.merge(sb).merkleRoot()).isEqualTo(sb.merge(sa).merkleRoot());
        assertThat(union.sample()).hasSize(Math.min(6, all.size()));
    }

    @Test
    void sourcesOfAMergeAreTheSortedUnion() {
        Signature m = of(List.of(1, 2), "b.jsonl").merge(of(List.of(3), "a.jsonl"));
        assertThat(m.sources()).extracting(Signature.Source::name).containsExactly("a.jsonl", "b.jsonl");
        assertThat(m.responses()).isEqualTo(3);
    }
}
