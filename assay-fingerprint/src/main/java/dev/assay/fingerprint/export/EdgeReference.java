package dev.assay.fingerprint.export;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.Features;
import dev.assay.fingerprint.hv.Hypervector;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What a device keeps of an imported {@link EdgePackage}: the packaged model's prototype at the package's
 * dimension d, its calibrated thresholds and provenance. Candidate responses must be encoded under the package's
 * {@link #encoderConfig()}; their text vectors are reduced to their first d bits, so any dimension from d up
 * works (one encoded directly at a smaller dimension D' differs from the prefix only in its first n-1 bits, where
 * the n-gram rotation wraps, moving a score by about (n-1)/d at most). Immutable and thread-safe.
 */
public final class EdgeReference {
    private final Level level;
    private final Payload payload;
    private final double[] prototype;
    private final Map<String, Payload.ProbeVector> probes = new LinkedHashMap<>();

    EdgeReference(Level level, Payload payload) {
        this.level = level;
        this.payload = payload;
        this.prototype = Vectors.unitMeans(Vectors.unpack(payload.prototype(), payload.dimension(), payload.bits()), payload.bits());
        for (Payload.ProbeVector p : payload.probes()) probes.put(p.probeId(), p);
    }

    /**
     * The cosine of the candidate responses' mean text vector in +-1 form against the prototype's means, over the
     * first d bits; 1 for responses exactly like the prototype, about 0 for unrelated ones. Cost O(responses x d).
     */
    public double score(List<EncodedResponse> candidate) {
        if (candidate.isEmpty()) throw new InvalidInputException("scoring needs at least one candidate response");
        return Vectors.dot(Vectors.candidateMean(candidate, payload.dimension()), prototype);
    }

    /**
     * MATCH when {@link #score} reaches the threshold of the largest calibrated k not above the number of responses:
     * for exactly k responses of the packaged model the false-reject rate is about {@link #alpha()}; for more it is
     * at most about that (a mean of more responses scores higher), at the cost of some power.
     */
    public EdgeDecision decide(List<EncodedResponse> candidate) {
        double score = score(candidate);
        Calibration use = null;
        for (Calibration c : payload.calibrations()) {
            if (c.k() <= candidate.size()) use = c;
        }
        if (use == null) {
            throw new InvalidInputException("the package holds no threshold for " + candidate.size()
                    + " responses; its smallest calibrated size is " + payload.calibrations().get(0).k());
        }
        return new EdgeDecision(score >= use.threshold() ? EdgeDecision.Outcome.MATCH : EdgeDecision.Outcome.NO_MATCH,
                score, use.threshold(), use.k(), candidate.size());
    }

    /**
     * The similarity (1 - normalized Hamming distance over the probe dimension) of a response's text vector to the
     * majority of the packaged model's responses to the same probe; empty when the package holds no such probe.
     */
    public OptionalDouble probeSimilarity(EncodedResponse response) {
        Payload.ProbeVector p = probes.get(response.probeId());
        if (p == null) return OptionalDouble.empty();
        int pd = payload.probeDimension();
        if (response.dimension() < pd) {
            throw new InvalidInputException("a candidate response has dimension " + response.dimension()
                    + ", fewer bits than the package's probe vectors' " + pd);
        }
        return OptionalDouble.of(Vectors.prefix(response.text(), pd).similarity(p.majority()));
    }

    public Level level() {
        return level;
    }

    public String modelId() {
        return payload.modelId();
    }

    /** The encoder configuration candidate responses must be encoded under (dimension D, or any from d). */
    public EncoderConfig encoderConfig() {
        return payload.config();
    }

    /** The package dimension d: the bits of each candidate text vector that count. */
    public int dimension() {
        return payload.dimension();
    }

    /** Bits per prototype position: 1 (majority), 4 or 8 (quantized means). */
    public int prototypeBits() {
        return payload.bits();
    }

    /** The target false-reject rate of the thresholds. */
    public double alpha() {
        return payload.alpha();
    }

    /** The thresholds, by increasing k. */
    public List<Calibration> calibrations() {
        return payload.calibrations();
    }

    /** The packaged signature's digest ({@code Signature.digest()}, hex). */
    public String signatureDigest() {
        return HexFormat.of().formatHex(payload.signatureDigest());
    }

    /** The packaged signature's Merkle root (hex). */
    public String merkleRoot() {
        return HexFormat.of().formatHex(payload.merkleRoot());
    }

    /** Number of responses in the packaged signature. */
    public long responses() {
        return payload.responses();
    }

    /** Number of probes in the packaged signature (the package may hold vectors of fewer). */
    public int signatureProbes() {
        return payload.probeCount();
    }

    /** Mean of feature {@code f} over the signature's responses (as a 32-bit float). */
    public double featureMean(Features.Feature f) {
        return payload.featureMeans()[f.ordinal()];
    }

    /** The probes whose majority vectors the package holds, most answered first. */
    public Set<String> probes() {
        return java.util.Collections.unmodifiableSet(probes.keySet());
    }

    /** Bits of the probe majorities (meaningful when {@link #probes()} is not empty). */
    public int probeDimension() {
        return payload.probeDimension();
    }

    /** Text vectors of the sampled responses the package holds ({@link #sampleDimension()} bits each), in hash order. */
    public List<Hypervector> sample() {
        List<Hypervector> out = new ArrayList<>(payload.sample().size());
        for (Payload.SampleVector s : payload.sample()) out.add(s.text());
        return List.copyOf(out);
    }

    /** Bits of the sampled text vectors. */
    public int sampleDimension() {
        return payload.sampleDimension();
    }

    @Override
    public String toString() {
        return "EdgeReference[" + level + ", model=" + Objects.requireNonNullElse(payload.modelId(), "") + ", d="
                + payload.dimension() + ", probes=" + probes.size() + ", sample=" + payload.sample().size() + "]";
    }
}
