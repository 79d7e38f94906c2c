package dev.assay.fingerprint.distributed;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.signature.ProbeCounts;
import dev.assay.fingerprint.signature.Signature;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The counters of a signature, without its feature sums, sample and sources: per probe, the number of responses,
 * the numbers with a vector output and with token log-probabilities, and every position's text, structure, vector and
 * log-probability count. Immutable; equal when the configurations and every counter are.
 *
 * <p>Flattened (for gossip), a probe is the block
 * {@code count | vectorCount | logprobCount | text[D] | structure[D] | vector[D] | logprob[D]} of {@code 3 + 4D}
 * values, the blocks in a given probe order, a probe without responses all zero.
 */
public final class SignatureCounters {
    /** Values before the counters in a block: count, vector count, log-probability count. */
    static final int HEADER = 3;
    /** The parts of a block, in order. */
    static final int TEXT = 0, STRUCTURE = 1, VECTOR = 2, LOGPROB = 3;
    private final EncoderConfig config;
    private final SortedMap<String, long[]> probes;

    private SignatureCounters(EncoderConfig config, SortedMap<String, long[]> probes) {
        this.config = config;
        this.probes = probes;
    }

    /** The counters of {@code s}. */
    public static SignatureCounters of(Signature s) {
        int d = s.config().dimension();
        SortedMap<String, long[]> out = new TreeMap<>();
        for (ProbeCounts p : s.probes().values()) {
            long[] block = new long[blockLength(d)];
            block[0] = p.count();
            block[1] = p.vectorCount();
            block[2] = p.logprobCount();
            System.arraycopy(p.text().counts(), 0, block, HEADER + TEXT * d, d);
            System.arraycopy(p.structure().counts(), 0, block, HEADER + STRUCTURE * d, d);
            System.arraycopy(p.vector().counts(), 0, block, HEADER + VECTOR * d, d);
            System.arraycopy(p.logprob().counts(), 0, block, HEADER + LOGPROB * d, d);
            out.put(p.probeId(), block);
        }
        return new SignatureCounters(s.config(), out);
    }

    static int blockLength(int dimension) {
        return HEADER + 4 * dimension;
    }

    public EncoderConfig config() {
        return config;
    }

    /** The probes with at least one response, in id order. */
    public SortedSet<String> probeIds() {
        return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(probes.keySet()));
    }

    /** Number of responses in all probes. */
    public long responses() {
        long n = 0;
        for (long[] b : probes.values()) n += b[0];
        return n;
    }

    /** Number of responses to {@code probeId} (0 when it has none). */
    public long count(String probeId) {
        long[] b = probes.get(probeId);
        return b == null ? 0 : b[0];
    }

    /** Number of responses to {@code probeId} with a vector output. */
    public long vectorCount(String probeId) {
        long[] b = probes.get(probeId);
        return b == null ? 0 : b[1];
    }

    /** Number of responses to {@code probeId} with token log-probabilities. */
    public long logprobCount(String probeId) {
        long[] b = probes.get(probeId);
        return b == null ? 0 : b[2];
    }

    /** Every position's text count for {@code probeId}, a copy. */
    public long[] text(String probeId) {
        return slice(probeId, TEXT);
    }

    /** Every position's structure count for {@code probeId}, a copy. */
    public long[] structure(String probeId) {
        return slice(probeId, STRUCTURE);
    }

    /** Every position's vector-output count for {@code probeId}, a copy. */
    public long[] vector(String probeId) {
        return slice(probeId, VECTOR);
    }

    /** Every position's log-probability count for {@code probeId}, a copy. */
    public long[] logprob(String probeId) {
        return slice(probeId, LOGPROB);
    }

    private long[] slice(String probeId, int part) {
        int d = config.dimension();
        long[] b = probes.get(probeId);
        if (b == null) return new long[d];
        return Arrays.copyOfRange(b, HEADER + part * d, HEADER + (part + 1) * d);
    }

    /** The flattened counters, one block per id of {@code probeOrder}. */
    long[] flatten(Collection<String> probeOrder) {
        int len = blockLength(config.dimension());
        long[] out = new long[probeOrder.size() * len];
        int i = 0;
        for (String id : probeOrder) {
            long[] b = probes.get(id);
            if (b != null) System.arraycopy(b, 0, out, i * len, len);
            i++;
        }
        return out;
    }

    /** Counters from their flattened form over {@code probeOrder}, leaving out probes with no response. */
    static SignatureCounters unflatten(EncoderConfig config, Collection<String> probeOrder, long[] flat) {
        int len = blockLength(config.dimension());
        if (flat.length != probeOrder.size() * len) {
            throw new InvalidInputException("flattened counters must hold " + probeOrder.size() * len + " values, but held " + flat.length);
        }
        SortedMap<String, long[]> out = new TreeMap<>();
        int i = 0;
        for (String id : probeOrder) {
            long[] b = Arrays.copyOfRange(flat, i * len, (i + 1) * len);
            if (b[0] != 0) out.put(id, b);
            i++;
        }
        return new SignatureCounters(config, out);
    }

    /** The counters of one probe as a block (see the class comment); null when it has no response. */
    long[] block(String probeId) {
        long[] b = probes.get(probeId);
        return b == null ? null : b.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SignatureCounters c) || !config.equals(c.config) || !probes.keySet().equals(c.probes.keySet())) return false;
        for (var e : probes.entrySet()) {
            if (!Arrays.equals(e.getValue(), c.probes.get(e.getKey()))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(config, probes.keySet());
        for (long[] b : probes.values()) h = 31 * h + Arrays.hashCode(b);
        return h;
    }

    @Override
    public String toString() {
        return "SignatureCounters[probes=" + probes.size() + ", responses=" + responses() + ", dimension=" + config.dimension() + "]";
    }
}
