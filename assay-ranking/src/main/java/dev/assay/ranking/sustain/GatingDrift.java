package dev.assay.ranking.sustain;

import dev.assay.ranking.gating.RoutingData;

/**
 * How the gating moved since the previous cycle: the threshold and gain then (on the data of
 * then) and now, and what the previous threshold does on the current data (mean gain, mean
 * cost, and whether it still meets the current budget). Equal thresholds drift 0, also when
 * infinite (upshift nothing, -Infinity; everything, +Infinity).
 */
public record GatingDrift(PreviousGating previous, double thetaDrift, double gainChange, double previousThetaGain,
                          double previousThetaCost, boolean previousThetaMeetsBudget) {

    static GatingDrift of(PreviousGating previous, double theta, double gain, RoutingData data, double budgetMs) {
        int n = data.topics().size();
        double g = 0;
        double c = 0;
        for (int i = 0; i < n; i++) {
            if (data.confidence()[i] < previous.theta()) {
                g += data.gain()[i];
                c += data.cost()[i];
            }
        }
        double drift = theta == previous.theta() ? 0 : theta - previous.theta();
        return new GatingDrift(previous, drift, gain - previous.meanGain(), g / n, c / n, c / n <= budgetMs + 1e-12);
    }
}
