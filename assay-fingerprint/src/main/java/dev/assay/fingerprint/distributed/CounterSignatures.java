package dev.assay.fingerprint.distributed;

import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.Features;
import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.hv.Hypervector;
import dev.assay.fingerprint.hv.ItemMemory;
import dev.assay.fingerprint.signature.ProbeCounts;
import dev.assay.fingerprint.signature.Signature;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A signature holding given counters and nothing else (feature sums zero, no sources, sample limit 0), through
 * {@link Signature#ofProbes}; {@link Bundler#ofCounts} refuses counts that exceed their response count.
 */
final class CounterSignatures {
    private CounterSignatures() {}

    /** The signature of model {@code modelId} with exactly {@code counters}; {@code source} names it in errors. */
    static Signature of(String modelId, SignatureCounters counters, String source) {
        EncoderConfig c = counters.config();
        int d = c.dimension();
        Hypervector tie = new ItemMemory(d, c.seed()).tieBreak();
        List<ProbeCounts> probes = new ArrayList<>();
        long[] zeroSums = new long[Features.COUNT];
        BigInteger[] zeroSquares = new BigInteger[Features.COUNT];
        Arrays.fill(zeroSquares, BigInteger.ZERO);
        for (String id : counters.probeIds()) {
            long[] block = counters.block(id);
            try {
                probes.add(ProbeCounts.of(id,
                        part(tie, block[0], block, SignatureCounters.TEXT, d),
                        part(tie, block[0], block, SignatureCounters.STRUCTURE, d),
                        part(tie, block[1], block, SignatureCounters.VECTOR, d),
                        part(tie, block[2], block, SignatureCounters.LOGPROB, d),
                        zeroSums, zeroSquares));
            } catch (IllegalArgumentException e) {
                throw new dev.assay.core.InvalidInputException(source + ": probe " + id + ": " + e.getMessage());
            }
        }
        return Signature.ofProbes(modelId, c, List.of(), probes);
    }

    private static Bundler part(Hypervector tie, long count, long[] block, int part, int d) {
        int from = SignatureCounters.HEADER + part * d;
        return Bundler.ofCounts(tie, count, Arrays.copyOfRange(block, from, from + d));
    }
}
