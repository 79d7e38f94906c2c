package dev.assay.fingerprint.signature;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.Features;
import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.hv.Hypervector;
import dev.assay.fingerprint.hv.ItemMemory;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The binary form of a signature, version 2, all integers big-endian, strings as u32 length + UTF-8:
 * <pre>
 * "ASFP" u16 version
 * str model id | u32 dimension | str seed | u8 n-gram | u32 max text bytes | str encoder config hash
 * u32 sources, each: str name | str sha256 | u64 responses
 * u32 probes, in id order, each a probe leaf:
 *     str probe id | counters text | counters structure | counters vector | counters log-probabilities
 *     u8 features, each: i64 sum | u16 length + two's-complement bytes of the sum of squares
 *   counters: u64 vectors | u8 planes | planes x (dimension / 64) x i64 words
 * u32 sample limit | u32 sampled responses, in hash order, each: u32 length + the response's bytes
 *   (str probe id | text words | structure words | u8 flags: 1 vector, 2 log-probabilities
 *    [+ vector words] [+ log-probability words] | features as i64)
 * 32 bytes Merkle root over the probe leaves | 32 bytes SHA-256 of everything before
 * </pre>
 * Reading checks the magic, version, every length against what remains, the configuration hash, counters that
 * exceed their vector count, the probes' order, the Merkle root and the checksum, and names the first problem.
 * Version 1 (before log-probabilities) is refused with the advice to rebuild: its encoder scheme differs too.
 */
final class SignatureFormat {
    static final byte[] MAGIC = {'A', 'S', 'F', 'P'};
    static final int VERSION = 2;
    private static final int MAX_STRING = 1 << 20;

    private SignatureFormat() {}

    static byte[] write(Signature s) {
        var bytes = new ByteArrayOutputStream(1 << 16);
        try (var out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeShort(VERSION);
            str(out, s.modelId());
            EncoderConfig c = s.config();
            out.writeInt(c.dimension());
            str(out, c.seed());
            out.writeByte(c.ngram());
            out.writeInt(c.maxTextBytes());
            str(out, c.hash());
            out.writeInt(s.sources().size());
            for (Signature.Source src : s.sources()) {
                str(out, src.name());
                str(out, src.sha256());
                out.writeLong(src.responses());
            }
            out.writeInt(s.probes().size());
            for (ProbeCounts p : s.probes().values()) out.write(probeLeaf(p));
            out.writeInt(s.sampleLimit());
            out.writeInt(s.sampleEntries().size());
            for (SampledResponse r : s.sampleEntries()) {
                out.writeInt(r.bytes().length);
                out.write(r.bytes());
            }
            out.write(s.merkleRootBytes());
            out.flush();
            out.write(sha256(bytes.toByteArray(), bytes.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A probe's leaf: its bytes in the format, which the Merkle tree hashes. */
    static byte[] probeLeaf(ProbeCounts p) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            str(out, p.probeId());
            counters(out, p.textView());
            counters(out, p.structureView());
            counters(out, p.vectorView());
            counters(out, p.logprobView());
            long[] sums = p.featureSums();
            BigInteger[] squares = p.featureSquaresArray();
            out.writeByte(sums.length);
            for (int i = 0; i < sums.length; i++) {
                out.writeLong(sums[i]);
                byte[] sq = squares[i].toByteArray();
                out.writeShort(sq.length);
                out.write(sq);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void counters(DataOutputStream out, Bundler b) throws IOException {
        out.writeLong(b.count());
        out.writeByte(b.planeCount());
        for (int p = 0; p < b.planeCount(); p++) {
            for (long w : b.plane(p)) out.writeLong(w);
        }
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static Signature read(byte[] bytes, String source) {
        String what = "signature " + source;
        if (bytes.length < 6 || !Arrays.equals(Arrays.copyOf(bytes, 4), MAGIC)) {
            throw new InvalidInputException(what + " is not an Assay signature (it does not start with ASFP)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(4);
        int version = Short.toUnsignedInt(in.getShort());
        if (version != VERSION) {
            throw new InvalidInputException(what + " has format version " + version + "; this Assay reads version " + VERSION
                    + (version < VERSION ? " (rebuild the signature from its response logs)" : ""));
        }
        if (bytes.length < 6 + 64) throw new InvalidInputException(what + " is truncated");
        byte[] checksum = Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length);
        if (!MessageDigest.isEqual(checksum, sha256(bytes, bytes.length - 32))) {
            throw new InvalidInputException(what + " is corrupted or truncated: its SHA-256 checksum does not match its contents");
        }
        try {
            in.limit(bytes.length - 64);
            String modelId = str(in, what);
            int dimension = in.getInt();
            String seed = str(in, what);
            int ngram = Byte.toUnsignedInt(in.get());
            int maxTextBytes = in.getInt();
            String hash = str(in, what);
            EncoderConfig config;
            try {
                config = new EncoderConfig(dimension, seed, ngram, maxTextBytes);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(what + ": " + e.getMessage());
            }
            if (!config.hash().equals(hash)) {
                throw new InvalidInputException(what + " was written by another encoder scheme (configuration hash " + hash + ")");
            }
            int nSources = count(in, what, "sources");
            List<Signature.Source> sources = new ArrayList<>();
            for (int i = 0; i < nSources; i++) {
                String name = str(in, what);
                String sha = str(in, what);
                long n = in.getLong();
                if (n < 0) throw new InvalidInputException(what + ": a source has a negative response count");
                sources.add(new Signature.Source(name, sha, n));
            }
            int nProbes = count(in, what, "probes");
            Hypervector tie = new ItemMemory(dimension, seed).tieBreak();
            SortedMap<String, ProbeCounts> probes = new TreeMap<>();
            String prev = null;
            for (int i = 0; i < nProbes; i++) {
                String id = str(in, what);
                if (prev != null && prev.compareTo(id) >= 0) {
                    throw new InvalidInputException(what + ": probes are not in strictly increasing id order at " + id);
                }
                prev = id;
                Bundler text = counters(in, tie, what, id);
                Bundler structure = counters(in, tie, what, id);
                Bundler vector = counters(in, tie, what, id);
                Bundler logprob = counters(in, tie, what, id);
                int nf = Byte.toUnsignedInt(in.get());
                if (nf != Features.COUNT) {
                    throw new InvalidInputException(what + ": probe " + id + " has " + nf + " features, expected " + Features.COUNT);
                }
                long[] sums = new long[nf];
                BigInteger[] squares = new BigInteger[nf];
                for (int f = 0; f < nf; f++) {
                    sums[f] = in.getLong();
                    int len = Short.toUnsignedInt(in.getShort());
                    if (len == 0 || len > in.remaining()) throw new InvalidInputException(what + " is truncated");
                    byte[] sq = new byte[len];
                    in.get(sq);
                    squares[f] = new BigInteger(sq);
                }
                try {
                    probes.put(id, new ProbeCounts(id, text, structure, vector, logprob, sums, squares));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(what + ": " + e.getMessage());
                }
            }
            int sampleLimit = in.getInt();
            int nSample = count(in, what, "sampled responses");
            if (sampleLimit < 0 || nSample > sampleLimit) {
                throw new InvalidInputException(what + ": " + nSample + " sampled responses exceed the sample limit " + sampleLimit);
            }
            List<SampledResponse> sample = new ArrayList<>(nSample);
            for (int i = 0; i < nSample; i++) {
                int len = in.getInt();
                if (len < 0 || len > in.remaining()) throw new InvalidInputException(what + " is truncated");
                int end = in.position() + len;
                EncodedResponse r;
                try {
                    r = SampledResponse.decode(in.slice(in.position(), len), dimension);
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException(what + ": sampled response " + i + ": " + e.getMessage());
                }
                SampledResponse entry = SampledResponse.of(r);
                if (entry.bytes().length != len) throw new InvalidInputException(what + ": sampled response " + i + " has trailing bytes");
                if (!sample.isEmpty() && sample.get(sample.size() - 1).compareTo(entry) > 0) {
                    throw new InvalidInputException(what + ": sampled responses are not in hash order");
                }
                sample.add(entry);
                in.position(end);
            }
            if (in.hasRemaining()) throw new InvalidInputException(what + " has " + in.remaining() + " unexpected bytes after its sample");
            Signature s;
            try {
                s = new Signature(modelId, config, sources, probes, sampleLimit, sample);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(what + ": " + e.getMessage());
            }
            byte[] root = Arrays.copyOfRange(bytes, bytes.length - 64, bytes.length - 32);
            if (!MessageDigest.isEqual(root, s.merkleRootBytes())) {
                throw new InvalidInputException(what + ": the Merkle root does not match its probes");
            }
            return s;
        } catch (BufferUnderflowException e) {
            throw new InvalidInputException(what + " is truncated");
        }
    }

    private static Bundler counters(ByteBuffer in, Hypervector tie, String what, String probe) {
        long count = in.getLong();
        int planes = Byte.toUnsignedInt(in.get());
        int words = tie.dimension() / 64;
        if (planes > 63 || (long) planes * words * 8 > in.remaining()) throw new InvalidInputException(what + " is truncated");
        List<long[]> list = new ArrayList<>(planes);
        for (int p = 0; p < planes; p++) {
            long[] plane = new long[words];
            for (int w = 0; w < words; w++) plane[w] = in.getLong();
            list.add(plane);
        }
        try {
            return Bundler.ofPlanes(tie, count, list);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(what + ": probe " + probe + ": " + e.getMessage());
        }
    }

    private static int count(ByteBuffer in, String what, String of) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) throw new InvalidInputException(what + ": impossible number of " + of + " (" + Integer.toUnsignedString(n) + ")");
        return n;
    }

    private static String str(ByteBuffer in, String what) {
        int len = in.getInt();
        if (len < 0 || len > MAX_STRING || len > in.remaining()) throw new InvalidInputException(what + " is truncated or holds an impossible string length");
        byte[] b = new byte[len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
