package dev.assay.fingerprint.export;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.Features;
import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.hv.Hypervector;
import dev.assay.fingerprint.hv.ItemMemory;
import dev.assay.fingerprint.signature.ProbeCounts;
import dev.assay.fingerprint.signature.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the payload of each level from a signature (contents listed in {@link EdgePackage}) and fits it to the
 * level's budget: MINIMAL halves its dimension until it fits; BALANCED and FULL keep the largest prefix of their
 * item list (probes by decreasing count, then sampled responses in the signature's hash order) whose sealed size
 * fits, found by bisection over actual compressed sizes (about log2(items) deflations).
 */
final class Exporter {
    static final int MINIMAL_DIMENSION = 4_096;
    static final int BALANCED_DIMENSION = 8_192;
    static final int FULL_DIMENSION = 16_384;
    static final int BALANCED_PROBE_DIMENSION = 1_024;
    static final int FULL_PROBE_DIMENSION = 2_048;
    static final int FULL_SAMPLE_DIMENSION = 1_024;

    private final Signature signature;
    private final ExportConfig config;
    private final long[] counts;
    private final long n;
    private final Hypervector tieBreak;
    private final List<EncodedResponse> sample;
    private final byte[] digest;
    private final byte[] merkleRoot;

    private Exporter(Signature signature, ExportConfig config) {
        this.signature = signature;
        this.config = config;
        Bundler all = signature.textTotal();
        this.sample = signature.sample();
        if (all.count() == 0) throw new InvalidInputException("cannot export a signature without responses");
        if (sample.size() < 2) {
            throw new InvalidInputException("cannot calibrate an edge package: the signature samples " + sample.size()
                    + " responses, at least 2 are needed");
        }
        this.counts = all.counts();
        this.n = all.count();
        EncoderConfig c = signature.config();
        this.tieBreak = new ItemMemory(c.dimension(), c.seed()).tieBreak();
        this.digest = HexFormat.of().parseHex(signature.digest());
        this.merkleRoot = HexFormat.of().parseHex(signature.merkleRoot());
    }

    /** The payload of {@code level}, fitted to its budget. */
    static Payload payload(Signature signature, Level level, ExportConfig config) {
        return new Exporter(signature, config).fit(level);
    }

    private Payload fit(Level level) {
        int bigD = signature.config().dimension();
        return switch (level) {
            case MINIMAL -> {
                for (int d = Math.min(bigD, MINIMAL_DIMENSION); d >= 64; d /= 2) {
                    if (d % 64 != 0) break;
                    Payload p = base(d, 1, 64, List.of(), 64, List.of());
                    if (PackageFormat.sealedSize(p.toBytes()) <= level.budget()) yield p;
                }
                throw tooLarge(level);
            }
            case BALANCED -> largestFitting(level, base(Math.min(bigD, BALANCED_DIMENSION), 4,
                    Math.min(bigD, BALANCED_PROBE_DIMENSION), probeVectors(Math.min(bigD, BALANCED_PROBE_DIMENSION)),
                    64, List.of()));
            case FULL -> largestFitting(level, base(Math.min(bigD, FULL_DIMENSION), 8,
                    Math.min(bigD, FULL_PROBE_DIMENSION), probeVectors(Math.min(bigD, FULL_PROBE_DIMENSION)),
                    Math.min(bigD, FULL_SAMPLE_DIMENSION), sampleVectors(Math.min(bigD, FULL_SAMPLE_DIMENSION))));
        };
    }

    private Payload largestFitting(Level level, Payload all) {
        int probes = all.probes().size();
        int total = probes + all.sample().size();
        if (!fits(level, all, probes, 0)) throw tooLarge(level);
        int lo = 0;
        int hi = total;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fits(level, all, probes, mid)) lo = mid;
            else hi = mid - 1;
        }
        return all.limited(Math.min(lo, probes), Math.max(0, lo - probes));
    }

    /** Whether the package keeping the first {@code items} of the payload's probes-then-sample list fits. */
    private static boolean fits(Level level, Payload all, int probes, int items) {
        Payload p = all.limited(Math.min(items, probes), Math.max(0, items - probes));
        return PackageFormat.sealedSize(p.toBytes()) <= level.budget();
    }

    private InvalidInputException tooLarge(Level level) {
        return new InvalidInputException("signature of " + signature.modelId() + " does not fit a " + level
                + " edge package of " + level.budget() + " bytes (its model id or encoder seed is too long)");
    }

    private Payload base(int d, int bits, int probeDimension, List<Payload.ProbeVector> probes, int sampleDimension,
                         List<Payload.SampleVector> sampled) {
        EncoderConfig c = signature.config();
        HexFormat hex = HexFormat.of();
        float[] features = new float[Features.COUNT];
        for (Features.Feature f : Features.Feature.values()) {
            long sum = 0;
            for (ProbeCounts p : signature.probes().values()) sum += p.featureSum(f);
            features[f.ordinal()] = (float) (sum / (double) n);
        }
        byte[] prototype = Vectors.pack(Vectors.quantize(counts, n, d, bits, tieBreak), bits);
        return new Payload(signature.modelId(), c, hex.parseHex(c.hash()), digest, merkleRoot, n, signature.probes().size(), features, config.alpha(),
                calibrate(d, bits), bits, d, prototype, probeDimension, probes, sampleDimension, sampled);
    }

    private List<Payload.ProbeVector> probeVectors(int pd) {
        List<ProbeCounts> byCount = new ArrayList<>(signature.probes().values());
        byCount.sort(Comparator.comparingLong(ProbeCounts::count).reversed().thenComparing(ProbeCounts::probeId));
        List<Payload.ProbeVector> out = new ArrayList<>(byCount.size());
        for (ProbeCounts p : byCount) {
            out.add(new Payload.ProbeVector(p.probeId(), p.count(), Vectors.prefix(p.text().majority(), pd)));
        }
        return out;
    }

    private List<Payload.SampleVector> sampleVectors(int sd) {
        List<Payload.SampleVector> out = new ArrayList<>(sample.size());
        for (EncodedResponse r : sample) out.add(new Payload.SampleVector(r.probeId(), Vectors.prefix(r.text(), sd)));
        return out;
    }

    /**
     * For each k with a sample larger than k (and more than k responses): {@code draws} times, k responses drawn
     * without replacement from the sample score against the prototype of the counts without them, quantized as the
     * package's; the threshold is the alpha-quantile of those scores, as in the Identifier's open-set check.
     */
    private List<Calibration> calibrate(int d, int bits) {
        List<Calibration> out = new ArrayList<>();
        for (int k : config.ks()) {
            if (sample.size() <= k || n <= k) break;
            SplittableRandom rng = new SplittableRandom(config.seed() ^ (long) k * 0x9E3779B97F4A7C15L);
            int[] idx = new int[sample.size()];
            for (int i = 0; i < idx.length; i++) idx[i] = i;
            double[] scores = new double[config.draws()];
            List<EncodedResponse> drawn = new ArrayList<>(k);
            long[] without = new long[d];
            for (int draw = 0; draw < scores.length; draw++) {
                drawn.clear();
                for (int i = 0; i < k; i++) {
                    int j = i + rng.nextInt(idx.length - i);
                    int t = idx[i];
                    idx[i] = idx[j];
                    idx[j] = t;
                    drawn.add(sample.get(idx[i]));
                }
                System.arraycopy(counts, 0, without, 0, d);
                for (EncodedResponse r : drawn) {
                    long[] w = r.text().words();
                    for (int i = 0; i < d; i++) without[i] -= w[i >>> 6] >>> (i & 63) & 1L;
                }
                double[] proto = Vectors.unitMeans(Vectors.quantize(without, n - k, d, bits, tieBreak), bits);
                scores[draw] = Vectors.dot(Vectors.candidateMean(drawn, d), proto);
            }
            Arrays.sort(scores);
            int at = (int) Math.floor(config.alpha() * scores.length);
            out.add(new Calibration(k, scores[Math.min(at, scores.length - 1)]));
        }
        return out;
    }
}
