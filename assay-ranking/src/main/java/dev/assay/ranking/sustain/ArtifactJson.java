package dev.assay.ranking.sustain;

import dev.assay.core.JsonNumbers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.ranking.confounding.ConfoundingReport;
import dev.assay.ranking.gating.EarlyExitBand;
import dev.assay.ranking.gating.GateAnalysis;
import dev.assay.ranking.gating.GatingSolution;
import dev.assay.ranking.release.ReleaseRecords;

/** The JSON artifacts of a cycle, numbers in the core {@link JsonNumbers} encoding. */
final class ArtifactJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ArtifactJson() {}

    static ObjectNode gating(SustainReport r) {
        GateAnalysis g = r.gating();
        GatingSolution s = g.solution();
        ObjectNode n = header(r);
        n.put("measure", r.config().measure()).put("k", r.config().k()).put("topics", g.topics())
                .put("budgetMs", r.config().budgetMs()).put("upshiftCostMs", r.config().upshiftCostMs());
        num(n, "theta", s.theta());
        num(n, "lambda", s.lambda());
        num(n, "meanGain", s.meanGain());
        num(n, "meanCost", s.meanCost());
        num(n, "upshiftRate", s.upshiftRate());
        n.put("feasible", s.feasible()).put("iterations", s.iterations());
        num(n, "exactTheta", s.exactTheta());
        num(n, "exactGain", s.exactGain());
        num(n, "lagrangianGain", s.lagrangianGain());
        num(n, "alwaysGain", g.alwaysGain());
        n.put("helped", g.helped());
        if (g.roc().isPresent()) num(n, "rocAuc", g.roc().get().auc());
        else n.putNull("rocAuc");
        if (g.band().isPresent()) {
            EarlyExitBand b = g.band().get();
            ObjectNode o = n.putObject("earlyExitBand").put("share", r.config().bandShare());
            num(o, "lower", s.theta() - b.delta());
            num(o, "upper", s.theta());
            o.put("exit", b.exit()).put("band", b.band()).put("upshift", b.upshift());
            num(o, "bandMeanGain", b.bandMeanGain());
        } else {
            n.putNull("earlyExitBand");
        }
        if (r.drift().isPresent()) {
            GatingDrift d = r.drift().get();
            ObjectNode o = n.putObject("previous");
            num(o, "theta", d.previous().theta());
            num(o, "meanGain", d.previous().meanGain());
            num(o, "budgetMs", d.previous().budgetMs());
            o.put("topics", d.previous().topics()).put("createdAt", d.previous().createdAt().toString());
            num(o, "thetaDrift", d.thetaDrift());
            num(o, "gainChange", d.gainChange());
            num(o, "previousThetaGain", d.previousThetaGain());
            num(o, "previousThetaCost", d.previousThetaCost());
            o.put("previousThetaMeetsBudget", d.previousThetaMeetsBudget());
        } else {
            n.putNull("previous");
        }
        return n;
    }

    static ObjectNode coverage(SustainReport r) {
        CoverageReport c = r.coverage();
        ObjectNode n = header(r);
        n.put("model", c.model()).put("features", String.join(",", SustainCycle.FEATURES)).put("training", c.training())
                .put("nominal", c.band().nominal()).put("bandLower", c.band().lower()).put("bandUpper", c.band().upper())
                .put("minProbability", c.band().minProbability()).put("minimumCalibration", c.minimumCalibration())
                .put("trainFraction", r.config().split().train()).put("calibrationFraction", r.config().split().calibration())
                .put("seed", c.seed());
        ArrayNode slices = n.putArray("slices");
        for (SliceCoverage s : c.slices()) {
            ObjectNode o = slices.addObject().put("slice", s.slice()).put("calibration", s.calibration()).put("test", s.test());
            num(o, "halfWidth", s.halfWidth());
            num(o, "coverage", s.coverage());
            num(o, "bandProbability", s.bandProbability());
            num(o, "measuredBandProbability", s.measuredBandProbability());
            o.put("status", s.status().name()).put("reason", s.reason());
        }
        return n;
    }

    static ObjectNode audit(SustainReport r) {
        Audit a = r.audit();
        ObjectNode n = header(r);
        n.put("verdict", a.verdict().name());
        n.set("release", ReleaseRecords.toJson(a.release()));
        ConfoundingReport c = a.confounding();
        ObjectNode o = n.putObject("confounding").put("strata", "first-stage confidence decile").put("treated", a.treated());
        num(o, "naiveEffect", c.naiveEffect());
        num(o, "stratifiedEffect", c.stratifiedEffect());
        num(o, "replayEffect", a.replayEffect());
        num(o, "pValue", c.pValue());
        o.put("strataCount", c.strata()).put("usableStrata", c.usableStrata()).put("usableUnits", c.usableUnits());
        num(o, "ess", c.ess());
        num(o, "essRatio", c.essRatio());
        num(o, "weightCv", c.weightCv());
        num(o, "maxWeightShare", c.maxWeightShare());
        o.put("permutations", c.permutations()).put("seed", c.seed());
        ArrayNode nc = o.putArray("negativeControls");
        for (ConfoundingReport.NegativeControl x : c.negativeControls()) {
            ObjectNode e = nc.addObject().put("control", SustainCycle.CONTROLS.get(x.index()));
            num(e, "effect", x.effect());
            num(e, "pValue", x.pValue());
        }
        return n;
    }

    private static ObjectNode header(SustainReport r) {
        return F.objectNode().put("production", r.production()).put("candidate", r.candidate())
                .put("createdAt", r.createdAt().toString());
    }

    static void num(ObjectNode o, String field, double v) {
        JsonNumbers.put(o, field, v);
    }

    /** Reads a number written by {@link #num}; NaN when absent or null. */
    static double readNum(JsonNode n, String field) {
        return JsonNumbers.read(n, field);
    }
}
