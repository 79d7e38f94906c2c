package dev.assay.flink;

import dev.assay.fingerprint.encode.EncoderConfig;
import java.io.Serializable;

/** An {@link EncoderConfig} in a form Java serialization ships to the task managers with a function. */
record SerializableConfig(int dimension, String seed, int ngram, int maxTextBytes) implements Serializable {
    static SerializableConfig of(EncoderConfig c) {
        return new SerializableConfig(c.dimension(), c.seed(), c.ngram(), c.maxTextBytes());
    }

    EncoderConfig toConfig() {
        return new EncoderConfig(dimension, seed, ngram, maxTextBytes);
    }
}
