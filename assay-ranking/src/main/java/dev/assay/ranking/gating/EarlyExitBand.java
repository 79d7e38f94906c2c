package dev.assay.ranking.gating;

import dev.assay.core.InvalidInputException;

/**
 * The early-exit band below a chosen threshold theta*: queries scoring at or above theta*
 * exit after the first stage; queries below theta* - delta are upshifted at once; queries
 * in [theta* - delta, theta*) are the uncertain ones that a second gate (or a human
 * review of the policy) looks at. {@code delta} is the smallest that puts {@code share}
 * of the queries in the band, capped by the scores available.
 */
public record EarlyExitBand(double theta, double delta, int exit, int band, int upshift, double bandMeanGain) {

    static EarlyExitBand around(GatingProblem p, double theta, double share) {
        if (!(share >= 0 && share <= 1)) throw new InvalidInputException("band share must be in [0, 1], but was " + share);
        double[] below = java.util.Arrays.stream(p.score()).filter(s -> s < theta).sorted().toArray();
        int want = (int) Math.ceil(share * p.size());
        double delta;
        if (below.length == 0 || want == 0 || Double.isInfinite(theta)) delta = 0;
        else delta = theta - below[Math.max(0, below.length - Math.min(want, below.length))];
        int exit = 0;
        int band = 0;
        int up = 0;
        double bandGain = 0;
        for (int i = 0; i < p.size(); i++) {
            double s = p.score()[i];
            if (s >= theta) exit++;
            else if (s >= theta - delta) {
                band++;
                bandGain += p.gain()[i];
            } else up++;
        }
        return new EarlyExitBand(theta, delta, exit, band, up, band == 0 ? Double.NaN : bandGain / band);
    }
}
