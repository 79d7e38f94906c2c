package dev.assay.server.fingerprint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Response logs in two writing styles (seeded), signatures of them, and a valid body per fingerprint route. */
public final class FingerprintSamples {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] TERSE = {"Done.", "Sent.", "OK, paid.", "Transferred the amount.", "Booked it."};
    static final String[] VERBOSE = {"Certainly! I'd be happy to help you with that. Let me take care of it step by step.",
            "Of course! First, I will look at the details, and then I will complete the request for you.",
            "Absolutely, here is what I did: I checked the information carefully and completed everything you asked."};

    private FingerprintSamples() {}

    /** A JSONL log of {@code n} responses of {@code model} in the terse or verbose style, to prompts p0..p(n-1). */
    static String log(String model, boolean verbose, int n, long seed) {
        Random rng = new Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String[] pool = verbose ? VERBOSE : TERSE;
            String text = pool[rng.nextInt(pool.length)] + " (request " + i + ")"
                    + (rng.nextBoolean() ? "\nCALL send_money {\"amount\": " + rng.nextInt(100) + "}" : "");
            ObjectNode line = JSON.createObjectNode().put("model", model).put("prompt_id", "p" + i).put("prompt", "task " + i)
                    .put("response", text);
            b.append(line).append('\n');
        }
        return b.toString();
    }

    /** Base64 of the signature of {@code log} at dimension {@code dim}, keeping every response in its sample. */
    static String signature(String log, String model, int dim) {
        EncoderConfig config = EncoderConfig.of(dim, EncoderConfig.DEFAULT_SEED);
        ResponseEncoder encoder = new ResponseEncoder(config);
        Signature.Builder b = Signature.builder(config, model).sampleLimit(Signature.MAX_SAMPLE_LIMIT);
        log.lines().filter(l -> !l.isBlank()).map(ResponseLog::parse).map(encoder::encode).forEach(b::add);
        return Base64.getEncoder().encodeToString(b.build().toBytes());
    }

    /** A valid body for each fingerprint route, small enough to compute in milliseconds (for the bad-input matrix). */
    public static Map<String, JsonNode> bodies() {
        String ref = log("terse-model", false, 16, 1);
        String cand = log("terse-model", false, 16, 2);
        String sig = signature(ref, "terse-model", 256);
        Map<String, JsonNode> s = new LinkedHashMap<>();
        s.put("POST " + FingerprintModule.BUILD, obj("{\"log\": " + quote(ref) + ", \"model\": \"m\", \"dim\": 256, \"seed\": \"assay\","
                + " \"sample\": 16, \"skipBadLines\": false, \"record\": false}"));
        s.put("POST " + FingerprintModule.VERIFY, obj("{\"reference\": {\"signature\": " + quote(sig) + ", \"model\": \"terse-model\"},"
                + " \"candidate\": " + quote(cand) + ", \"mode\": \"probe\", \"alpha\": 0.01, \"tolerance\": 0.05, \"permutations\": 200,"
                + " \"seed\": 1, \"sequential\": false, \"margin\": 0.1, \"dim\": 256, \"itemSeed\": \"assay\", \"skipBadLines\": false,"
                + " \"record\": false}"));
        s.put("POST " + FingerprintModule.IDENTIFY, obj("{\"references\": [{\"signature\": " + quote(sig) + ", \"model\": \"terse-model\"}],"
                + " \"candidate\": " + quote(cand) + ", \"alpha\": 0.01, \"dim\": 256, \"itemSeed\": \"assay\", \"skipBadLines\": false,"
                + " \"record\": false}"));
        String big = signature(log("terse-model", false, 40, 3), "terse-model", 256);
        s.put("POST " + FingerprintModule.DRIFT, obj("{\"reference\": {\"signature\": " + quote(big) + ", \"model\": \"terse-model\"},"
                + " \"candidate\": " + quote(cand) + ", \"window\": 10, \"expectedRunLength\": 200, \"dim\": 256, \"itemSeed\": \"assay\","
                + " \"skipBadLines\": false, \"record\": false}"));
        s.put("POST " + FingerprintMonitorModule.MONITORS + "/{model}", obj("{\"reference\": " + quote(big) + ", \"window\": \"1m\","
                + " \"driftWindow\": 10, \"expectedRunLength\": 200, \"seed\": 1, \"shift\": 1.0, \"calibrationStreams\": 50,"
                + " \"liveWindow\": 8}"));
        return s;
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode obj(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
