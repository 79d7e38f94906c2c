package dev.assay.ranking.sustain;

import dev.assay.core.contract.Verdict;
import dev.assay.ranking.confounding.ConfoundingReport;
import dev.assay.ranking.gating.GateAnalysis;
import dev.assay.ranking.router.DistillationReport;
import dev.assay.ranking.figure.Figure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Every number of one sustainment cycle, with its configuration, inputs and time. */
public record SustainReport(SustainConfig config, List<InputFile> inputs, String production, String candidate, int topics,
                            Audit audit, CoverageReport coverage, GateAnalysis gating, Optional<GatingDrift> drift,
                            Optional<DistillationReport> router, Instant createdAt) {
    /** Negative-control p-values below this are reported as possible residual confounding. */
    static final double CONTROL_LEVEL = 0.05;

    public SustainReport {
        Objects.requireNonNull(config, "config");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(coverage, "coverage");
        Objects.requireNonNull(gating, "gating");
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The cycle's result. */
    public enum Outcome {
        /** Audit passed, every slice OK (or TOO_FEW_POINTS when the configuration accepts that). */
        PASS,
        /** The audit failed or a slice is OUT_OF_BAND. */
        FAIL,
        /** Nothing failed but a part could not decide: the audit (too few paired topics) or a TOO_FEW_POINTS slice. */
        INCONCLUSIVE
    }

    public Outcome outcome() {
        boolean outOfBand = coverage.slices().stream().anyMatch(s -> s.status() == CoverageStatus.OUT_OF_BAND);
        if (audit.verdict() == Verdict.FAIL || outOfBand) return Outcome.FAIL;
        if (audit.verdict() != Verdict.PASS) return Outcome.INCONCLUSIVE;
        return tooFewPointsSlices() > 0 && config.tooFewPoints() == SustainConfig.TooFewPoints.INCONCLUSIVE
                ? Outcome.INCONCLUSIVE : Outcome.PASS;
    }

    /** Why the outcome is what it is, in one sentence a reader can act on. */
    public String outcomeReason() {
        long tooFew = tooFewPointsSlices();
        return switch (outcome()) {
            case FAIL -> audit.verdict() == Verdict.FAIL ? "the audit failed: " + audit.release().guards().get(0).detail()
                    : "a coverage slice is OUT_OF_BAND";
            case INCONCLUSIVE -> audit.verdict() != Verdict.PASS ? "the audit could not decide: " + audit.release().guards().get(0).detail()
                    : tooFew + " of " + coverage.slices().size() + " coverage slices have too few calibration points to check"
                            + " (--allow-too-few-points accepts that)";
            case PASS -> tooFew > 0 ? "passed; " + tooFew + " coverage slices unchecked (too few calibration points, accepted)"
                    : "the audit passed and every coverage slice is in its band";
        };
    }

    /** True when the distilled router is written with the artifacts: it passed its gate, or publishing a failed one was asked for. */
    public boolean publishesRouter() {
        return router.isPresent()
                && (router.get().verdict() == Verdict.PASS || config.failedRouter() == SustainConfig.FailedRouter.PUBLISH);
    }

    private long tooFewPointsSlices() {
        return coverage.slices().stream().filter(s -> s.status() == CoverageStatus.TOO_FEW_POINTS).count();
    }

    /** The file name of the coverage figure inside the artifact directory. */
    public static final String COVERAGE_FIGURE = "coverage.png";

    /**
     * The cycle's figures: the measured split-conformal coverage per slice against the nominal level
     * and its band ({@value #COVERAGE_FIGURE}), then the audit's release figures (see
     * {@link dev.assay.ranking.release.ReleaseReport#figures()}).
     */
    public List<Figure> figures() {
        CoverageBand band = coverage.band();
        List<Figure.SliceValue> slices = coverage.slices().stream()
                .map(s -> new Figure.SliceValue(s.slice(), s.coverage(), s.status().name())).toList();
        List<Figure> out = new ArrayList<>();
        out.add(new Figure.Coverage(COVERAGE_FIGURE, String.format(Locale.ROOT,
                "Split-conformal coverage per slice (nominal %.2f, band %.2f–%.2f)", band.nominal(), band.lower(), band.upper()),
                slices, band.nominal(), band.lower(), band.upper()));
        out.addAll(audit.release().figures());
        return List.copyOf(out);
    }

    /** What an operator should look at even when the cycle passes. */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (SliceCoverage s : coverage.slices()) {
            if (s.status() == CoverageStatus.TOO_FEW_POINTS) w.add("coverage slice " + s.slice() + ": TOO_FEW_POINTS, " + s.reason());
            if (s.status() == CoverageStatus.OUT_OF_BAND) w.add("coverage slice " + s.slice() + ": OUT_OF_BAND, " + s.reason());
        }
        ConfoundingReport c = audit.confounding();
        if (c.usableUnits() == 0) {
            w.add("confounding: no confidence stratum has both upshifted and first-stage-only queries; the effect of routing cannot be estimated from its own decisions");
        } else if (c.usableUnits() < topics / 2) {
            w.add(String.format(Locale.ROOT, "confounding: only %d of %d queries are in strata with both arms (positivity)", c.usableUnits(), topics));
        }
        for (ConfoundingReport.NegativeControl nc : c.negativeControls()) {
            if (nc.pValue() < CONTROL_LEVEL)
                w.add(String.format(Locale.ROOT, "confounding: negative control %s differs between arms within strata (effect %+.4f, p %.4f)",
                        SustainCycle.CONTROLS.get(nc.index()), nc.effect(), nc.pValue()));
        }
        if (!gating.solution().feasible()) w.add("gating: no threshold meets the budget");
        router.ifPresent(d -> {
            if (d.verdict() != Verdict.PASS)
                w.add(String.format(Locale.ROOT, "router: the distilled INT8 router failed its no-regret gate (lower bound %+.5f < -%.5f%s);"
                                + " keep routing with the full teacher policy; %s", d.noRegret().lower(), d.config().margin(),
                        d.int8Violation() != null ? ", monotonicity violated at " + d.int8Violation() : "",
                        publishesRouter() ? "router.json written anyway (--force-router)" : "router.json not written (--force-router writes it)"));
        });
        drift.ifPresent(d -> {
            if (!d.previousThetaMeetsBudget())
                w.add(String.format(Locale.ROOT, "gating: the previous theta %.4f costs %.2f ms per query on the current data, over the %.2f ms budget",
                        d.previous().theta(), d.previousThetaCost(), config.budgetMs()));
        });
        return w;
    }
}
