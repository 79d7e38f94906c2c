package dev.assay.flink;

import dev.assay.fingerprint.signature.Signature;

/**
 * A model's signature over part of the responses, as {@link Signature#toBytes()} (a byte array, so Flink
 * serializes it with its primitive array serializer and never falls back to Kryo), and how many of those
 * responses each input file gave ({@code fileCounts[i]} for file i). Partials {@link #merge} exactly.
 */
public record PartialSignature(String model, byte[] signature, long[] fileCounts) {
    /** The partial of both sets of responses: {@link Signature#merge} of the signatures, the sums of the counts. */
    public static PartialSignature merge(PartialSignature a, PartialSignature b) {
        if (!a.model.equals(b.model) || a.fileCounts.length != b.fileCounts.length) {
            throw new IllegalArgumentException("cannot merge partials of " + a.model + " and " + b.model);
        }
        Signature merged = a.decode().merge(b.decode());
        long[] counts = a.fileCounts.clone();
        for (int i = 0; i < counts.length; i++) counts[i] = Math.addExact(counts[i], b.fileCounts[i]);
        return new PartialSignature(a.model, merged.toBytes(), counts);
    }

    public Signature decode() {
        return Signature.fromBytes(signature, "partial signature of " + model);
    }
}
