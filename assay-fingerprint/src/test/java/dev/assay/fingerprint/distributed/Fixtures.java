package dev.assay.fingerprint.distributed;

import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random responses and the single-machine signature the distributed modes must reproduce. */
final class Fixtures {
    static final EncoderConfig CONFIG = new EncoderConfig(256, "seed", 3, 1 << 20);
    static final SignatureSpec SPEC = new SignatureSpec(CONFIG, "m", 16);
    private static final String[] WORDS = {"the", "bill", "paid", "sorry", "cannot", "help", "read", "file", "amount",
            "transfer", "yes", "no", "maybe", "code", "plan", "step", "first", "then", "done", "error"};
    private static final String[] TOOLS = {"read_file", "send_money", "search"};

    private Fixtures() {}

    /** {@code n} responses of model m to probes p0..p(probes-1), some with tool calls, every third with a vector. */
    static List<Response> responses(long seed, int n, int probes) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Response> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(response(random, "p" + random.nextInt(probes), i % 3 == 0));
        return out;
    }

    /** A random response to {@code probe}, with a random 16-value vector output when {@code vector}. */
    static Response response(SplittableRandom random, String probe, boolean vector) {
        StringBuilder text = new StringBuilder();
        int words = 3 + random.nextInt(12);
        for (int w = 0; w < words; w++) text.append(WORDS[random.nextInt(WORDS.length)]).append(w % 5 == 4 ? "\n" : " ");
        if (random.nextInt(3) == 0) {
            text.append("\nCALL ").append(TOOLS[random.nextInt(TOOLS.length)]).append(" {\"x\": ").append(random.nextInt(10)).append('}');
        }
        if (!vector) return Response.ofText("m", probe, null, text.toString());
        float[] v = new float[16];
        for (int i = 0; i < v.length; i++) v[i] = (float) random.nextGaussian();
        Response t = Response.ofText("m", probe, null, text.toString());
        return new Response("m", probe, null, t.text(), t.toolCalls(), v);
    }

    /** The signature one machine builds from {@code responses} under {@link #SPEC}. */
    static Signature central(List<Response> responses) {
        ResponseEncoder encoder = new ResponseEncoder(CONFIG);
        Signature.Builder b = Signature.builder(CONFIG, SPEC.modelId()).sampleLimit(SPEC.sampleLimit());
        for (Response r : responses) b.add(encoder.encode(r));
        return b.build();
    }
}
