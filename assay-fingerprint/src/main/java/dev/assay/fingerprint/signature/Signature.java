package dev.assay.fingerprint.signature;

import dev.assay.core.AtomicFiles;
import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import dev.assay.core.tlog.Merkle;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.hv.Hypervector;
import dev.assay.fingerprint.hv.ItemMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A model's behavioural signature: per probe, exact counters of its responses' hypervectors and sums of their
 * features ({@link ProbeCounts}), under one {@link EncoderConfig}, with the model id (may be empty), the sources
 * it was built from, the probe set id (SHA-256 of the sorted probe ids) and a Merkle root (RFC 9162) over the
 * per-probe leaves, so one probe's counts can be proven part of a signature. Besides the counters it keeps a
 * sample of up to {@link #sampleLimit()} encoded responses: the ones whose encoding hashes lowest (a bottom-k
 * sample, uniform over the responses and exactly mergeable), which tests that need individual responses
 * (verification's permutation tests, open-set calibration) use. Immutable; {@link #merge} gives exactly the
 * signature of the union of both sets of responses, whatever the order or grouping (with the smaller sample limit).
 */
public final class Signature {
    /** Where a signature's responses came from: a name (a file name), the SHA-256 of its bytes, how many responses. */
    public record Source(String name, String sha256, long responses) {
        public Source {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
            if (responses < 0) throw new IllegalArgumentException("responses must not be negative");
        }
    }

    private static final Comparator<Source> SOURCE_ORDER =
            Comparator.comparing(Source::name).thenComparing(Source::sha256).thenComparingLong(Source::responses);

    private final String modelId;
    private final EncoderConfig config;
    private final List<Source> sources;
    private final SortedMap<String, ProbeCounts> probes;
    private final int sampleLimit;
    private final List<SampledResponse> sample;
    /** Computed once on first use (the signature is immutable): its bytes, Merkle root and summed counters. */
    private volatile byte[] bytes;
    private volatile byte[] merkleRoot;
    private volatile Bundler textTotal;
    private volatile Bundler vectorTotal;

    /** Responses a signature samples by default. */
    public static final int DEFAULT_SAMPLE_LIMIT = 512;
    /** Largest sample limit accepted. */
    public static final int MAX_SAMPLE_LIMIT = 1 << 16;

    Signature(String modelId, EncoderConfig config, List<Source> sources, SortedMap<String, ProbeCounts> probes,
              int sampleLimit, List<SampledResponse> sample) {
        if (sampleLimit < 0 || sampleLimit > MAX_SAMPLE_LIMIT) {
            throw new InvalidInputException("sample limit must be 0 to " + MAX_SAMPLE_LIMIT + ", but was " + sampleLimit);
        }
        this.sampleLimit = sampleLimit;
        this.sample = SampledResponse.bottom(sample, sampleLimit);
        this.modelId = Objects.requireNonNullElse(modelId, "");
        this.config = Objects.requireNonNull(config, "config");
        List<Source> sorted = new ArrayList<>(sources);
        sorted.sort(SOURCE_ORDER);
        this.sources = List.copyOf(sorted);
        for (ProbeCounts p : probes.values()) {
            // settle the counters' pending batches now, so that concurrent readers of this immutable signature never write
            p.textView().planeCount();
            p.structureView().planeCount();
            p.vectorView().planeCount();
        }
        this.probes = Collections.unmodifiableSortedMap(probes);
    }

    /**
     * The signature with exactly these probes' counts (no sample): for counts that were computed elsewhere (merged
     * by gossip, noised for privacy). The probes' counters must have {@code config}'s dimension and tie-break.
     */
    public static Signature ofProbes(String modelId, EncoderConfig config, List<Source> sources, java.util.Collection<ProbeCounts> probes) {
        Hypervector tie = new ItemMemory(config.dimension(), config.seed()).tieBreak();
        SortedMap<String, ProbeCounts> map = new TreeMap<>();
        for (ProbeCounts p : probes) {
            if (!p.textView().tieBreak().equals(tie)) {
                throw new InvalidInputException("probe " + p.probeId() + " was counted under another encoder configuration");
            }
            if (map.put(p.probeId(), p.copy()) != null) throw new InvalidInputException("probe " + p.probeId() + " appears twice");
        }
        return new Signature(modelId, config, sources, map, 0, List.of());
    }

    /** A builder of the signature of {@code modelId} (empty for none) under {@code config}. */
    public static Builder builder(EncoderConfig config, String modelId) {
        return new Builder(config, modelId);
    }

    /** Builds a signature response by response. Not thread-safe; build one per thread and {@link #merge}. */
    public static final class Builder {
        private final EncoderConfig config;
        private final String modelId;
        private final Hypervector tieBreak;
        private final List<Source> sources = new ArrayList<>();
        private final SortedMap<String, ProbeCounts> probes = new TreeMap<>();
        private final java.util.PriorityQueue<SampledResponse> sample =
                new java.util.PriorityQueue<>(java.util.Comparator.reverseOrder());
        private int sampleLimit = DEFAULT_SAMPLE_LIMIT;
        private boolean built;

        private Builder(EncoderConfig config, String modelId) {
            this.config = Objects.requireNonNull(config, "config");
            this.modelId = Objects.requireNonNullElse(modelId, "");
            this.tieBreak = new ItemMemory(config.dimension(), config.seed()).tieBreak();
        }

        /** Adds one encoded response (encoded under this builder's configuration). */
        public Builder add(EncodedResponse r) {
            if (built) throw new IllegalStateException("already built");
            if (r.dimension() != config.dimension()) {
                throw new InvalidInputException("a response of dimension " + r.dimension() + " cannot join a signature of dimension " + config.dimension());
            }
            probes.computeIfAbsent(r.probeId(), id -> new ProbeCounts(id, tieBreak)).add(r);
            if (sampleLimit > 0) {
                SampledResponse s = SampledResponse.of(r);
                if (sample.size() < sampleLimit) {
                    sample.add(s);
                } else if (s.compareTo(sample.peek()) < 0) {
                    sample.poll();
                    sample.add(s);
                }
            }
            return this;
        }

        /** How many responses the signature samples (0 for none); set before adding responses. */
        public Builder sampleLimit(int limit) {
            if (limit < 0 || limit > MAX_SAMPLE_LIMIT) {
                throw new InvalidInputException("sample limit must be 0 to " + MAX_SAMPLE_LIMIT + ", but was " + limit);
            }
            if (!probes.isEmpty()) throw new IllegalStateException("set the sample limit before adding responses");
            this.sampleLimit = limit;
            return this;
        }

        /** Records a source of the responses. */
        public Builder source(Source s) {
            sources.add(Objects.requireNonNull(s, "source"));
            return this;
        }

        public Signature build() {
            built = true;
            return new Signature(modelId, config, sources, probes, sampleLimit, new ArrayList<>(sample));
        }
    }

    public String modelId() {
        return modelId;
    }

    public EncoderConfig config() {
        return config;
    }

    /** The sources, sorted by name. */
    public List<Source> sources() {
        return sources;
    }

    /** The probes, by id. */
    public SortedMap<String, ProbeCounts> probes() {
        return probes;
    }

    /** One probe's counts, or null when the signature has no response to it. */
    public ProbeCounts probe(String probeId) {
        return probes.get(probeId);
    }

    /** How many responses the signature samples at most. */
    public int sampleLimit() {
        return sampleLimit;
    }

    /** The sampled responses (the {@link #sampleLimit()} whose encodings hash lowest), in hash order. */
    public List<EncodedResponse> sample() {
        return sample.stream().map(SampledResponse::response).toList();
    }

    List<SampledResponse> sampleEntries() {
        return sample;
    }

    /** Number of responses in the signature. */
    public long responses() {
        long n = 0;
        for (ProbeCounts p : probes.values()) n += p.count();
        return n;
    }

    /**
     * How alike two signatures' answers are: the mean over the probes both have of the similarity of the probes'
     * majority text vectors (1 identical, about 0.5 unrelated); NaN when they share no probe. Refuses another
     * encoder configuration.
     */
    public double similarity(Signature other) {
        requireCompatible(other);
        double sum = 0;
        int n = 0;
        SortedMap<String, ProbeCounts> small = probes.size() <= other.probes.size() ? probes : other.probes;
        SortedMap<String, ProbeCounts> large = small == probes ? other.probes : probes;
        for (Map.Entry<String, ProbeCounts> e : small.entrySet()) {
            ProbeCounts o = large.get(e.getKey());
            if (o == null) continue;
            sum += e.getValue().textMajority().similarity(o.textMajority());
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** SHA-256 (hex) of the sorted probe ids, one per line: signatures over the same probes share it. */
    public String probeSetId() {
        StringBuilder sb = new StringBuilder();
        for (String id : probes.keySet()) sb.append(id).append('\n');
        return Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The RFC 9162 Merkle root over the probes' leaves, in probe id order (hex). */
    public String merkleRoot() {
        return HexFormat.of().formatHex(merkleRootBytes());
    }

    byte[] merkleRootBytes() {
        byte[] root = merkleRoot;
        if (root == null) {
            root = computeMerkleRoot();
            merkleRoot = root;
        }
        return root;
    }

    private byte[] computeMerkleRoot() {
        List<byte[]> leaves = new ArrayList<>(probes.size());
        for (ProbeCounts p : probes.values()) leaves.add(Merkle.leafHash(SignatureFormat.probeLeaf(p)));
        return Merkle.root(leaves, leaves.size());
    }

    /** The leaf hash of one probe (hex), as the Merkle tree holds it. */
    public String leafHash(String probeId) {
        ProbeCounts p = probes.get(probeId);
        if (p == null) throw new InvalidInputException("the signature has no probe " + probeId);
        return HexFormat.of().formatHex(Merkle.leafHash(SignatureFormat.probeLeaf(p)));
    }

    /**
     * The signature of the union of both signatures' responses: refused when their encoder configurations differ
     * (the counts would mean different things) or when both name a model and the names differ.
     */
    public Signature merge(Signature other) {
        requireCompatible(other);
        if (!modelId.isEmpty() && !other.modelId.isEmpty() && !modelId.equals(other.modelId)) {
            throw new InvalidInputException("cannot merge signatures of different models: " + modelId + " and " + other.modelId);
        }
        SortedMap<String, ProbeCounts> merged = new TreeMap<>();
        for (Map.Entry<String, ProbeCounts> e : probes.entrySet()) merged.put(e.getKey(), e.getValue().copy());
        for (Map.Entry<String, ProbeCounts> e : other.probes.entrySet()) {
            ProbeCounts mine = merged.get(e.getKey());
            if (mine == null) merged.put(e.getKey(), e.getValue().copy());
            else mine.merge(e.getValue());
        }
        List<Source> s = new ArrayList<>(sources);
        s.addAll(other.sources);
        List<SampledResponse> both = new ArrayList<>(sample);
        both.addAll(other.sample);
        return new Signature(modelId.isEmpty() ? other.modelId : modelId, config, s, merged,
                Math.min(sampleLimit, other.sampleLimit), both);
    }

    /** Refuses {@code other} when its encoder configuration differs from this one's, naming the difference. */
    public void requireCompatible(Signature other) {
        requireSameConfig(config, other.config);
    }

    /** Refuses two configurations that differ, naming what differs. */
    public static void requireSameConfig(EncoderConfig a, EncoderConfig b) {
        if (a.equals(b)) return;
        List<String> diffs = new ArrayList<>();
        if (a.dimension() != b.dimension()) diffs.add("dimension " + a.dimension() + " vs " + b.dimension());
        if (!a.seed().equals(b.seed())) diffs.add("seed " + a.seed() + " vs " + b.seed());
        if (a.ngram() != b.ngram()) diffs.add("n-gram " + a.ngram() + " vs " + b.ngram());
        if (a.maxTextBytes() != b.maxTextBytes()) diffs.add("max text bytes " + a.maxTextBytes() + " vs " + b.maxTextBytes());
        throw new InvalidInputException("encoder configurations differ (" + String.join(", ", diffs) + ")");
    }

    /** This signature with another model id. */
    public Signature withModelId(String id) {
        SortedMap<String, ProbeCounts> copy = new TreeMap<>();
        probes.forEach((k, v) -> copy.put(k, v.copy()));
        return new Signature(id, config, sources, copy, sampleLimit, sample);
    }

    /** The binary form (format version 1). */
    public byte[] toBytes() {
        return cachedBytes().clone();
    }

    private byte[] cachedBytes() {
        byte[] b = bytes;
        if (b == null) {
            b = SignatureFormat.write(this);
            bytes = b;
        }
        return b;
    }

    /** The text counters of all probes together (a copy): the model's text vectors over every response. */
    public Bundler textTotal() {
        Bundler t = textTotal;
        if (t == null) {
            t = new Bundler(new ItemMemory(config.dimension(), config.seed()).tieBreak());
            for (ProbeCounts p : probes.values()) t.merge(p.textView());
            textTotal = t;
        }
        return new Bundler(t.tieBreak()).merge(t);
    }

    /** The vector-output counters of all probes together (a copy). */
    public Bundler vectorTotal() {
        Bundler t = vectorTotal;
        if (t == null) {
            t = new Bundler(new ItemMemory(config.dimension(), config.seed()).tieBreak());
            for (ProbeCounts p : probes.values()) t.merge(p.vectorView());
            vectorTotal = t;
        }
        return new Bundler(t.tieBreak()).merge(t);
    }

    /** SHA-256 (hex) of {@link #toBytes()}: the signature's digest in ledger records. */
    public String digest() {
        return Hashing.sha256Hex(cachedBytes());
    }

    /** Reads a signature from its binary form; {@code source} names it in errors. */
    public static Signature fromBytes(byte[] bytes, String source) {
        return SignatureFormat.read(bytes, source);
    }

    /** Writes the binary form to {@code file} atomically. */
    public void write(Path file) {
        try {
            AtomicFiles.replace(file, cachedBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a signature file, refusing one that is truncated, tampered with or of another format. */
    public static Signature read(Path file) {
        try {
            return fromBytes(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("signature " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Whether {@code file} starts like a signature (its magic bytes). */
    public static boolean looksLikeSignature(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return java.util.Arrays.equals(head, SignatureFormat.MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature s && modelId.equals(s.modelId) && config.equals(s.config)
                && sources.equals(s.sources) && probes.equals(s.probes) && sampleLimit == s.sampleLimit
                && sample.equals(s.sample);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelId, config, probes.keySet());
    }

    @Override
    public String toString() {
        return "Signature[model=" + modelId + ", probes=" + probes.size() + ", responses=" + responses()
                + ", dimension=" + config.dimension() + "]";
    }
}
