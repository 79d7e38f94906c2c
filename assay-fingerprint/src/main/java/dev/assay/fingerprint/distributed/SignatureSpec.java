package dev.assay.fingerprint.distributed;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.signature.Signature;
import java.util.Objects;

/**
 * What every node builds: signatures under {@code config} of model {@code modelId} (empty for none) sampling up
 * to {@code sampleLimit} responses. All partial signatures of one build share it, so their merge is the
 * signature a single machine builds from all the responses.
 */
public record SignatureSpec(EncoderConfig config, String modelId, int sampleLimit) {
    public SignatureSpec {
        Objects.requireNonNull(config, "config");
        modelId = Objects.requireNonNullElse(modelId, "");
        if (sampleLimit < 0 || sampleLimit > Signature.MAX_SAMPLE_LIMIT) {
            throw new InvalidInputException("sampleLimit must be 0 to " + Signature.MAX_SAMPLE_LIMIT + ", but was " + sampleLimit);
        }
    }

    /** {@code config} and {@code modelId} with the default sample limit. */
    public static SignatureSpec of(EncoderConfig config, String modelId) {
        return new SignatureSpec(config, modelId, Signature.DEFAULT_SAMPLE_LIMIT);
    }

    /** An empty builder of this spec's signatures. */
    Signature.Builder builder() {
        return Signature.builder(config, modelId).sampleLimit(sampleLimit);
    }
}
