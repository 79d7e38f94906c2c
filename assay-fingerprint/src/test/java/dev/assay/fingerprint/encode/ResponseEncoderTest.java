package dev.assay.fingerprint.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ToolCall;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResponseEncoderTest {
    final ResponseEncoder enc = new ResponseEncoder(new EncoderConfig(4096, "enc", 3, 1 << 20));

    static Response calls(ToolCall... calls) {
        return new Response("m", "p", null, "", List.of(calls), null);
    }

    @Test
    void structureSeesToolsTheirOrderAndArgumentShapesNotValues() {
        ToolCall read = ToolCall.of("read_file", "{\"path\": \"a.txt\"}");
        ToolCall send = ToolCall.of("send_money", "{\"amount\": 4.0, \"to\": \"x\"}");
        var ab = enc.encode(calls(read, send)).structure();
        assertThat(enc.encode(calls(ToolCall.of("read_file", "{\"path\": \"b.txt\"}"), ToolCall.of("send_money", "{\"amount\": 9.5, \"to\": \"y\"}")))
                .structure()).as("other values, same shape").isEqualTo(ab);
        double reordered = ab.similarity(enc.encode(calls(send, read)).structure());
        double retyped = ab.similarity(enc.encode(calls(read, ToolCall.of("send_money", "{\"amount\": \"4\", \"to\": \"x\"}"))).structure());
        double other = ab.similarity(enc.encode(calls(ToolCall.of("delete_file", "{\"id\": 1}"))).structure());
        assertThat(reordered).isLessThan(1.0).isGreaterThan(other);
        assertThat(retyped).isLessThan(1.0).isGreaterThan(other);
    }

    @Test
    void vectorOutputsKeepTheirAnglesUnderSignRandomProjection() {
        Random rng = new Random(3);
        float[] x = new float[384];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        float[] near = x.clone();
        for (int i = 0; i < near.length; i++) near[i] += (float) (0.3 * rng.nextGaussian());
        float[] far = new float[384];
        for (int i = 0; i < far.length; i++) far[i] = (float) rng.nextGaussian();
        var vx = enc.encode(new Response("m", "p", null, "", List.of(), x)).vector();
        var vNear = enc.encode(new Response("m", "p", null, "", List.of(), near)).vector();
        var vFar = enc.encode(new Response("m", "p", null, "", List.of(), far)).vector();
        // normalized Hamming distance estimates angle / pi
        assertThat(1 - vx.similarity(vNear)).isCloseTo(angle(x, near) / Math.PI, org.assertj.core.data.Offset.offset(0.03));
        assertThat(1 - vx.similarity(vFar)).isCloseTo(angle(x, far) / Math.PI, org.assertj.core.data.Offset.offset(0.03));
        assertThat(enc.encode(Response.ofText("m", "p", null, "text")).vector()).isNull();
    }

    static double angle(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return Math.acos(dot / Math.sqrt(na * nb));
    }

    @Test
    void onlyTheFirstMaxTextBytesAreEncoded() {
        ResponseEncoder small = new ResponseEncoder(new EncoderConfig(1024, "enc", 3, 100));
        String head = "x".repeat(40) + "abcdefghij".repeat(6);
        var a = small.encode(Response.ofText("m", "p", null, head));
        var b = small.encode(Response.ofText("m", "p", null, head + "a long tail that is never read".repeat(1000)));
        assertThat(a.text()).isEqualTo(b.text());
        assertThat(b.feature(Features.Feature.BYTES)).isEqualTo(head.length() + 30 * 1000);
    }

    @Test
    void featuresCountWhatTheySay() {
        var r = Response.ofText("m", "p", null, "I'm sorry, but I can't help with that.\n```\ncode\n```\nCALL f {\"a\": 1}\nCALL f {}\nCALL g {}");
        long[] f = Features.of(r);
        assertThat(f[Features.Feature.REFUSAL.ordinal()]).isEqualTo(1);
        assertThat(f[Features.Feature.CODE_BLOCKS.ordinal()]).isEqualTo(1);
        assertThat(f[Features.Feature.TOOL_CALLS.ordinal()]).isEqualTo(3);
        assertThat(f[Features.Feature.DISTINCT_TOOLS.ordinal()]).isEqualTo(2);
        assertThat(f[Features.Feature.LINES.ordinal()]).isEqualTo(7);
        assertThat(f[Features.Feature.EMPTY.ordinal()]).isZero();
        assertThat(Features.of(Response.ofText("m", "p", null, ""))[Features.Feature.EMPTY.ordinal()]).isEqualTo(1);
        assertThat(Features.of(Response.ofText("m", "p", null, "Sure, here it is."))[Features.Feature.REFUSAL.ordinal()]).isZero();
    }

    @Test
    void theConfigurationHashIsPinnedAndTheConfigurationChecked() {
        assertThat(EncoderConfig.DEFAULT.canonical()).isEqualTo("assay.encoder.v2 text=distinct-byte-ngrams structure=tool-calls.v1 "
                + "vector=rademacher-srp.v1 logprobs=surprisal-rank-entropy-gap.v1\ndimension=16384\nseed=assay\nngram=3\nmaxTextBytes=1048576\n");
        assertThat(EncoderConfig.DEFAULT.hash()).isEqualTo(dev.assay.core.Hashing.sha256Hex(
                EncoderConfig.DEFAULT.canonical().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(EncoderConfig.of(8192, "assay").hash()).isNotEqualTo(EncoderConfig.DEFAULT.hash());
        assertThatThrownBy(() -> EncoderConfig.of(100, "s")).isInstanceOf(InvalidInputException.class)
                .hasMessage("dimension must be a multiple of 64 from 64 to 1048576, but was 100");
        assertThatThrownBy(() -> new EncoderConfig(64, "s", 9, 10)).hasMessageContaining("n-gram length must be 1 to 8");
    }
}
