package dev.assay.fingerprint.monitor;

import dev.assay.fingerprint.drift.DriftConfig;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two synthetic models that answer the same prompts in different styles: A is chatty prose from one vocabulary, B
 * terse Markdown with code from another. Each answer is drawn from a seeded generator, so repeated answers to one
 * prompt vary as a sampling model's would, and every run is the same.
 */
final class Synthetic {
    static final EncoderConfig CONFIG = EncoderConfig.of(1024, "assay");
    static final DriftConfig DRIFT = new DriftConfig(10, 2000, 7, 1.0, 100);
    private static final String[] TOPICS = {"photosynthesis", "compound interest", "the water cycle", "binary search", "plate tectonics",
            "vaccines", "inflation", "recursion", "black holes", "supply chains", "jazz harmony", "sourdough", "encryption", "tides",
            "the Roman republic", "volcanoes", "neural networks", "composting", "opera", "glaciers"};
    private static final String[] A_WORDS = {"certainly", "wonderful", "basically", "essentially", "imagine", "gently", "naturally",
            "indeed", "lovely", "journey", "story", "friendly", "truly", "overall", "simply", "happily"};
    private static final String[] B_WORDS = {"fn", "impl", "returns", "O(n)", "struct", "config", "yaml", "->", "init", "TODO", "vec",
            "ptr", "mutex", "async", "await", "enum"};

    private Synthetic() {}

    /** Probe prompt {@code i}. */
    static String prompt(int i) {
        return "Explain " + TOPICS[i % TOPICS.length] + " (question " + i + ").";
    }

    /** The {@code k}-th answer of {@code model} ("a" or "b") to prompt {@code i}. */
    static String answer(String model, int i, int k) {
        Random r = new Random(31L * i + 1_000_003L * k + model.hashCode());
        String topic = TOPICS[i % TOPICS.length];
        StringBuilder sb = new StringBuilder();
        if (model.equals("a")) {
            sb.append("Certainly! Let me explain ").append(topic).append(" in a friendly way. ");
            for (int s = 0; s < 4; s++) {
                for (int w = 0; w < 8; w++) sb.append(A_WORDS[r.nextInt(A_WORDS.length)]).append(' ');
                sb.append(topic).append(". ");
            }
            sb.append("I hope this helps you understand ").append(topic).append("!");
        } else {
            sb.append("## ").append(topic.toUpperCase(java.util.Locale.ROOT)).append("\n\n");
            for (int s = 0; s < 4; s++) {
                sb.append("- ");
                for (int w = 0; w < 6; w++) sb.append(B_WORDS[r.nextInt(B_WORDS.length)]).append(' ');
                sb.append('\n');
            }
            sb.append("```\nlet x = ").append(r.nextInt(100)).append(";\n```");
        }
        return sb.toString();
    }

    static Response response(String model, int i, int k) {
        return Response.ofText("model-" + model, "p" + i, prompt(i), answer(model, i, k));
    }

    /** A reference of model A: {@code rounds} answers to each of {@code prompts} prompts (answer indices from 1000, unlike live ones). */
    static Signature referenceA(int prompts, int rounds) {
        ResponseEncoder enc = new ResponseEncoder(CONFIG);
        Signature.Builder b = Signature.builder(CONFIG, "model-a");
        for (int k = 0; k < rounds; k++) for (int i = 0; i < prompts; i++) b.add(enc.encode(response("a", i, 1000 + k)));
        return b.build();
    }

    static List<Response> round(String model, int prompts, int k) {
        List<Response> out = new ArrayList<>();
        for (int i = 0; i < prompts; i++) out.add(response(model, i, k));
        return out;
    }
}
