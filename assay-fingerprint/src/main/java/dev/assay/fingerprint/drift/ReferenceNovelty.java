package dev.assay.fingerprint.drift;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.signature.ProbeCounts;
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
        Bundler all = null;
        for (ProbeCounts p : reference.probes().values()) all = all == null ? p.text() : all.merge(p.text());
        if (all == null || all.count() < 2) throw new InvalidInputException("the reference signature needs at least 2 responses");
        this.n = all.count();
        this.counts = all.counts();
        this.mean = new double[counts.length];
        for (int i = 0; i < counts.length; i++) mean[i] = 2.0 * counts[i] / n - 1;
    }

    /** The novelty of one response (encoded under the reference's configuration). */
    public double score(EncodedResponse r) {
        if (r.dimension() != counts.length) {
            throw new InvalidInputException("a response of dimension " + r.dimension() + " against a reference of dimension " + counts.length);
        }
        return 1 - cosine(r, mean);
    }

    /** Leave-one-out novelty of each of the reference's sampled responses. */
    public double[] calibrationScores() {
        List<EncodedResponse> sample = reference.sample();
        double[] out = new double[sample.size()];
        double[] loo = new double[counts.length];
        for (int s = 0; s < out.length; s++) {
            long[] w = sample.get(s).text().words();
            for (int i = 0; i < counts.length; i++) {
                long c = counts[i] - (w[i >>> 6] >>> (i & 63) & 1L);
                loo[i] = 2.0 * c / (n - 1) - 1;
            }
            out[s] = 1 - cosine(sample.get(s), loo);
        }
        return out;
    }

    private static double cosine(EncodedResponse r, double[] m) {
        long[] w = r.text().words();
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < m.length; i++) {
            dot += (w[i >>> 6] >>> (i & 63) & 1L) != 0 ? m[i] : -m[i];
            norm += m[i] * m[i];
        }
        return norm == 0 ? 0 : dot / (Math.sqrt(norm) * Math.sqrt(m.length));
    }
}
