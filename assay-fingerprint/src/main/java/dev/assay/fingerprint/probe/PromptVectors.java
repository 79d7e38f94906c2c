package dev.assay.fingerprint.probe;

import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.hv.Hypervector;
import dev.assay.fingerprint.hv.ItemMemory;
import dev.assay.fingerprint.hv.TextEncoder;
import java.util.List;

/** The prompts' text vectors: distinct byte n-grams under an encoder configuration, as responses are encoded. */
final class PromptVectors {
    private PromptVectors() {}

    static Hypervector[] of(List<Probe> probes, EncoderConfig config) {
        TextEncoder encoder = TextEncoder.distinct(new ItemMemory(config.dimension(), config.seed()), config.ngram());
        Hypervector[] out = new Hypervector[probes.size()];
        for (int i = 0; i < out.length; i++) {
            byte[] bytes = probes.get(i).prompt().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out[i] = encoder.encode(bytes, Math.min(bytes.length, config.maxTextBytes()));
        }
        return out;
    }
}
