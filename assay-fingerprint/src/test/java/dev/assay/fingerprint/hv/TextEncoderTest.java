package dev.assay.fingerprint.hv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextEncoderTest {
    final ItemMemory memory = new ItemMemory(8_192, "text");
    final TextEncoder enc = new TextEncoder(memory, 3);

    @Test
    void anNgramIsItsBytesPermutedByPositionAndBound() {
        Hypervector a = memory.vector("byte:" + (int) 'a');
        Hypervector b = memory.vector("byte:" + (int) 'b');
        Hypervector c = memory.vector("byte:" + (int) 'c');
        // one n-gram: the bundle of a single vector is that vector
        assertThat(enc.encode("abc")).isEqualTo(a.permute(2).bind(b.permute(1)).bind(c));
        // order matters inside the n-gram
        assertThat(enc.encode("cba").similarity(enc.encode("abc"))).isBetween(0.46, 0.54);
        // shorter than n: one n-gram of the bytes there are
        assertThat(enc.encode("ab")).isEqualTo(a.permute(1).bind(b));
        assertThat(enc.encode("")).isEqualTo(memory.tieBreak());
    }

    @Test
    void textsThatShareNgramsAreSimilarAndTheEncodingIsDeterministic() {
        String base = "The capital of France is Paris, a city on the Seine with about two million inhabitants.";
        String close = "The capital of France is Paris, a city on the Seine with about 2.1 million inhabitants.";
        String other = "I cannot help with that request, but here is how to file a support ticket instead.";
        Hypervector v = enc.encode(base);
        assertThat(v).isEqualTo(new TextEncoder(new ItemMemory(8_192, "text"), 3).encode(base));
        assertThat(v.similarity(enc.encode(close))).isGreaterThan(0.85);
        assertThat(v.similarity(enc.encode(other))).isLessThan(v.similarity(enc.encode(close)) - 0.2);
    }

    @Test
    void responsesAreBoundToTheirProbes() {
        String text = "Paris is the capital of France.";
        Hypervector p1 = enc.encodeResponse("probe-1", text);
        assertThat(p1).isEqualTo(enc.encodeResponse("probe-1", text));
        assertThat(p1.similarity(enc.encodeResponse("probe-2", text))).isBetween(0.46, 0.54);
        // unbinding with the probe's vector gives back the text's vector
        assertThat(p1.bind(memory.vector("probe:probe-1"))).isEqualTo(enc.encode(text));
    }

    @Test
    void ngramLengthIsChecked() {
        assertThatThrownBy(() -> new TextEncoder(memory, 0)).hasMessageContaining("1 to 16");
    }
}
