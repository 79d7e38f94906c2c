package dev.assay.core.registry;

import java.nio.charset.StandardCharsets;

/**
 * Stable request-key hashing for routing: 64-bit FNV-1a over the UTF-8 bytes of
 * {@code model + '\0' + key}, finished with the MurmurHash3 fmix64 avalanche, reduced to
 * a bucket in 0..9999. The same key and model give the same bucket on every JVM and
 * platform; the model name salts the hash so that two models split traffic independently.
 */
final class KeyHash {
    static final int BUCKETS = 10_000;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private KeyHash() {}

    static int bucket(String model, String key) {
        long h = FNV_OFFSET;
        h = mix(h, model.getBytes(StandardCharsets.UTF_8));
        h = (h ^ 0) * FNV_PRIME;
        h = mix(h, key.getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(fmix64(h), BUCKETS);
    }

    private static long mix(long h, byte[] bytes) {
        for (byte b : bytes) h = (h ^ (b & 0xff)) * FNV_PRIME;
        return h;
    }

    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
