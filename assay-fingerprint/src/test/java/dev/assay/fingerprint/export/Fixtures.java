package dev.assay.fingerprint.export;

import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.Features;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.hv.Hypervector;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test signatures, responses in two writing styles, and fixed signing keys. */
final class Fixtures {
    private Fixtures() {}

    /** The signing seed of the golden files: bytes 0 to 31. */
    static final byte[] SEED = seed(0);
    static final byte[] OTHER_SEED = seed(100);

    static byte[] seed(int first) {
        byte[] s = new byte[32];
        for (int i = 0; i < s.length; i++) s[i] = (byte) (first + i);
        return s;
    }

    static final String[] TOPICS = {"invoice", "weather", "refund", "schedule", "password", "shipping", "recipe", "budget"};
    static final String[] FORMAL = {"furthermore", "consequently", "regarding", "the", "analysis", "indicates", "therefore",
        "we", "recommend", "careful", "consideration", "of", "your", "request", "accordingly", "kindly", "note", "that"};
    static final String[] CASUAL = {"yeah", "so", "like", "basically", "gonna", "cool", "stuff", "lol", "you", "just",
        "kinda", "hey", "totally", "ok", "whatever", "dude", "sure", "nah"};

    /** A response to probe {@code p} in the style of {@code words}. */
    static Response styled(String model, String[] words, int probe, SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        int n = 20 + rnd.nextInt(20);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(' ');
            sb.append(i % 7 == 3 ? TOPICS[probe % TOPICS.length] : words[rnd.nextInt(words.length)]);
        }
        sb.append(words == FORMAL ? "." : "!");
        return Response.ofText(model, "p" + probe, null, sb.toString());
    }

    static List<EncodedResponse> styled(ResponseEncoder enc, String[] words, int probes, int perProbe, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<EncodedResponse> out = new ArrayList<>();
        for (int r = 0; r < perProbe; r++) {
            for (int p = 0; p < probes; p++) out.add(enc.encode(styled("m", words, p, rnd)));
        }
        return out;
    }

    static Signature signature(EncoderConfig config, String model, List<EncodedResponse> responses, int sampleLimit) {
        var b = Signature.builder(config, model).sampleLimit(sampleLimit);
        responses.forEach(b::add);
        return b.build();
    }

    /**
     * A signature of realistic shape at the default dimension: {@code probes} probes with {@code perProbe} responses
     * each, every text vector its probe's random prototype with each bit flipped with probability 1/8, random
     * structure vectors, small features.
     */
    static Signature synthetic(int probes, int perProbe, int sampleLimit, long seed) {
        EncoderConfig config = EncoderConfig.DEFAULT;
        SplittableRandom rnd = new SplittableRandom(seed);
        var b = Signature.builder(config, "synthetic-model").sampleLimit(sampleLimit);
        int d = config.dimension();
        for (int p = 0; p < probes; p++) {
            Hypervector proto = random(rnd, d);
            for (int r = 0; r < perProbe; r++) {
                long[] w = proto.words();
                for (int i = 0; i < w.length; i++) w[i] ^= rnd.nextLong() & rnd.nextLong() & rnd.nextLong();
                long[] f = new long[Features.COUNT];
                for (int i = 0; i < f.length; i++) f[i] = rnd.nextInt(50);
                b.add(new EncodedResponse(String.format("probe-%04d", p), Hypervector.ofWords(w), random(rnd, d), null, f));
            }
        }
        return b.build();
    }

    static Hypervector random(SplittableRandom rnd, int d) {
        long[] w = new long[d / 64];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextLong();
        return Hypervector.ofWords(w);
    }
}
