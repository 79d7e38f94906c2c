package dev.assay.ranking.sustain;

import dev.assay.ranking.confounding.ConfoundingReport;
import dev.assay.ranking.gating.EarlyExitBand;
import dev.assay.ranking.gating.GateAnalysis;
import dev.assay.ranking.gating.GatingSolution;
import dev.assay.ranking.router.Distillation;
import dev.assay.ranking.router.DistillationReport;
import java.util.List;
import java.util.Locale;

/** The human-readable {@code report.md} of a cycle: every number of every step. */
final class ReportMarkdown {
    private ReportMarkdown() {}

    static String of(SustainReport r, String ledgerNote) {
        StringBuilder sb = new StringBuilder();
        SustainConfig c = r.config();
        sb.append("# Sustainment cycle: **").append(r.outcome()).append("**\n\n");
        sb.append(r.outcomeReason()).append(".\n\n");
        sb.append("Candidate (upshift) `").append(r.candidate()).append("` against production (first stage) `").append(r.production())
                .append("`, ").append(r.topics()).append(" topics, measure `").append(c.measure()).append("`, created ")
                .append(r.createdAt()).append(", seed ").append(c.seed()).append(".\n\n");
        sb.append("| input | path | SHA-256 |\n|---|---|---|\n");
        for (InputFile f : r.inputs()) sb.append("| ").append(f.role()).append(" | `").append(f.path()).append("` | `").append(f.sha256()).append("` |\n");
        List<String> warnings = r.warnings();
        sb.append("\n## Warnings\n\n");
        if (warnings.isEmpty()) sb.append("None.\n");
        for (String w : warnings) sb.append("- ").append(w).append('\n');

        sb.append("\n## 1. Audit: **").append(r.audit().verdict()).append("**\n\n");
        sb.append(r.audit().release().markdown().replaceFirst("^# ", "### ")).append('\n');
        ConfoundingReport k = r.audit().confounding();
        sb.append("### Confounding of the refreshed routing\n\n");
        sb.append(f("Units: the %d topics; treated = upshifted at theta* (%d); outcome = the measure the routed system delivers; "
                + "strata = first-stage confidence deciles (TREC runs carry no query text, so no length or language); "
                + "%d permutations within strata, seed %d.%n%n", r.topics(), r.audit().treated(), k.permutations(), k.seed()));
        sb.append("| quantity | value |\n|---|---|\n");
        row(sb, "naive effect (treated - untreated)", num(k.naiveEffect()));
        row(sb, "stratified effect", num(k.stratifiedEffect()));
        row(sb, "replay effect (true mean gain in usable strata)", num(r.audit().replayEffect()));
        row(sb, "permutation p-value", num(k.pValue()));
        row(sb, "strata / with both arms", k.strata() + " / " + k.usableStrata());
        row(sb, "usable units", Integer.toString(k.usableUnits()));
        row(sb, "ESS", num(k.ess()));
        row(sb, "ESS / usable units", num(k.essRatio()));
        row(sb, "weight CV", num(k.weightCv()));
        row(sb, "max weight share", num(k.maxWeightShare()));
        for (ConfoundingReport.NegativeControl nc : k.negativeControls())
            row(sb, "negative control: " + SustainCycle.CONTROLS.get(nc.index()), "effect " + num(nc.effect()) + ", p " + num(nc.pValue()));

        CoverageReport cov = r.coverage();
        sb.append("\n## 2. Per-slice split-conformal coverage\n\n");
        sb.append(f("Model %s (features %s), fitted on %d training topics; absolute-residual intervals at nominal %.4f, "
                        + "band [%.4f, %.4f]; a slice is TOO_FEW_POINTS when P(Beta(k, n+1-k) in the band) < %.2f "
                        + "(k = ceil((n+1)(1-alpha)); n >= %d needed) or the measured coverage on its test points would land in the "
                        + "band with probability < %.2f (Beta-binomial). Training share %.4f, calibration share of the rest %.4f.%n%n",
                cov.model(), String.join(", ", SustainCycle.FEATURES), cov.training(), cov.band().nominal(), cov.band().lower(),
                cov.band().upper(), cov.band().minProbability(), cov.minimumCalibration(), cov.band().minProbability(),
                c.split().train(), c.split().calibration()));
        sb.append("| slice | n_cal | n_test | half-width | coverage | P(band) | P(measured in band) | status | reason |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (SliceCoverage s : cov.slices()) {
            sb.append("| ").append(s.slice()).append(" | ").append(s.calibration()).append(" | ").append(s.test()).append(" | ")
                    .append(num(s.halfWidth())).append(" | ").append(num(s.coverage())).append(" | ").append(num(s.bandProbability()))
                    .append(" | ").append(num(s.measuredBandProbability())).append(" | ").append(s.status()).append(" | ")
                    .append(s.reason()).append(" |\n");
        }

        GateAnalysis g = r.gating();
        GatingSolution s = g.solution();
        sb.append("\n## 3. Gating re-optimisation\n\n");
        sb.append(f("Budget %.4f ms per query, %.4f ms per upshift, confidence from the first stage's top %d.%n%n", c.budgetMs(),
                c.upshiftCostMs(), c.k()));
        sb.append("| quantity | value |\n|---|---|\n");
        row(sb, "theta* (upshift when confidence < theta*)", num(s.theta()));
        row(sb, "lambda", num(s.lambda()));
        row(sb, "iterations", Integer.toString(s.iterations()));
        row(sb, "feasible", Boolean.toString(s.feasible()));
        row(sb, "upshift rate", num(s.upshiftRate()));
        row(sb, "mean cost (ms)", num(s.meanCost()));
        row(sb, "mean gain", num(s.meanGain()));
        row(sb, "exact optimum theta / gain", num(s.exactTheta()) + " / " + num(s.exactGain()));
        row(sb, "Lagrangian maximisers alone", num(s.lagrangianGain()));
        row(sb, "always upshift gain", num(g.alwaysGain()));
        row(sb, "topics helped by upshifting", Integer.toString(g.helped()));
        row(sb, "ROC AUC of low confidence predicting a gain", g.roc().map(x -> num(x.auc())).orElse("undefined"));
        if (g.band().isPresent()) {
            EarlyExitBand b = g.band().get();
            row(sb, "early-exit band", f("[%s, %s): %d queries (mean gain %s); exit %d, upshift at once %d",
                    num(s.theta() - b.delta()), num(s.theta()), b.band(), num(b.bandMeanGain()), b.exit(), b.upshift()));
        } else {
            row(sb, "early-exit band", "none (theta* is not finite)");
        }
        if (r.drift().isPresent()) {
            GatingDrift d = r.drift().get();
            row(sb, "previous cycle", f("%s: theta %s, gain %s, budget %s ms, %d topics", d.previous().createdAt(),
                    num(d.previous().theta()), num(d.previous().meanGain()), num(d.previous().budgetMs()), d.previous().topics()));
            row(sb, "theta drift", num(d.thetaDrift()));
            row(sb, "gain change", num(d.gainChange()));
            row(sb, "previous theta on current data", f("gain %s, cost %s ms, %s the budget", num(d.previousThetaGain()),
                    num(d.previousThetaCost()), d.previousThetaMeetsBudget() ? "meets" : "exceeds"));
        } else {
            row(sb, "previous cycle", "none given");
        }
        if (r.router().isPresent()) {
            DistillationReport d = r.router().get();
            sb.append("\n### Distilled router (monotone GBM -> 16-segment PWL -> INT8)\n\n| policy (out of fold) | mean gain | upshift rate | mean cost ms |\n|---|---|---|---|\n");
            for (Distillation.PolicyOutcome o : d.outcomes())
                sb.append(f("| %s | %s | %s | %s |%n", o.policy().label(), num(o.meanGain()), num(o.upshiftRate()), num(o.meanCost())));
            sb.append("\n| quantity | value |\n|---|---|\n");
            row(sb, "no regret (INT8 - teacher)", f("mean %s, %s lower bound %s at level %s, margin -%s: %s", num(d.noRegret().estimate()),
                    d.noRegret().method(), num(d.noRegret().lower()), num(d.noRegret().confidenceLevel()), num(d.config().margin()),
                    d.verdict()));
            row(sb, "decision agreement", num(d.agreement()));
            row(sb, "fidelity", f("RMSE(PWL - teacher) %s, max |INT8 - PWL| %s (bound %s)", num(d.pwlTeacherRmse()),
                    num(d.int8PwlMaxError()), num(d.int8ErrorBound())));
            row(sb, "monotonicity", f("teacher %s, PWL %s, INT8 %s", ok(d.teacherViolation()), ok(d.pwlViolation()), ok(d.int8Violation())));
        }
        sb.append("\n## 4. Artifacts\n\n");
        sb.append((r.publishesRouter() ? "`router.json`, " : "") + "`gating.json`, `coverage.json`, `audit.json`, this `report.md`, and `manifest.json` with the SHA-256 of each "
                + "and of the inputs, published atomically. Ledger: ").append(ledgerNote).append(".\n");
        return sb.toString();
    }

    private static String ok(String violation) {
        return violation == null ? "ok" : "violated at " + violation;
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n");
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (Double.isInfinite(v)) return v > 0 ? "+Infinity" : "-Infinity";
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
