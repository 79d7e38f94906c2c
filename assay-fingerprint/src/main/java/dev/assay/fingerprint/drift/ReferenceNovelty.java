package dev.assay.fingerprint.drift;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.signature.MeanVectors;
import dev.assay.fingerprint.signature.Signature;
import java.util.List;

/**
 * A response's novelty against a reference signature: {@code 1 - cos(x, m)}, x the response's text hypervector in
 * +-1 form and m the reference's mean text vector in +-1 form (from its exact counters over all probes). The
 * calibration scores are those of the reference's own sampled responses against the mean of the others
 * (leave-one-out, from the counters), so that live scores of the same model behave like them.
 */
public final class ReferenceNovelty {
    private final long n;
    private final long[] counts;
    private final double[] mean;
    private final Signature reference;

    public ReferenceNovelty(Signature reference) {
        this.reference = reference;
        Bundler all = reference.textTotal();
        if (all.count() < 2) throw new InvalidInputException("the reference signature needs at least 2 responses");
        this.n = all.count();
        this.counts = all.counts();
        this.mean = MeanVectors.of(counts, n);
    }

    /** The novelty of one response (encoded under the reference's configuration). */
    public double score(EncodedResponse r) {
        if (r.dimension() != counts.length) {
            throw new InvalidInputException("a response of dimension " + r.dimension() + " against a reference of dimension " + counts.length);
        }
        return 1 - MeanVectors.cosine(r.text(), mean);
    }

    /** Leave-one-out novelty of each of the reference's sampled responses. */
    public double[] calibrationScores() {
        List<EncodedResponse> sample = reference.sample();
        double[] out = new double[sample.size()];
        for (int s = 0; s < out.length; s++) {
            var text = sample.get(s).text();
            out[s] = 1 - MeanVectors.cosine(text, MeanVectors.without(counts, n, List.of(text)));
        }
        return out;
    }
}
