package dev.assay.core.contract;

import dev.assay.core.alert.Severity;
import dev.assay.core.document.Document;
import dev.assay.core.document.InvalidDocumentException;
import dev.assay.core.document.Mapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a contract from a {@link Document}: unknown or missing fields, wrong types, unknown enum
 * values, bad durations and the rules of {@link Check#validate} / {@link Contract#validate} are
 * all collected, with path and line, before anything is built. Only {@link InvalidDocumentException} escapes.
 */
final class ContractParser {
    private static final List<String> TOP_FIELDS = List.of("name", "window", "checks");
    private static final List<String> CHECK_FIELDS = List.of("name", "metric", "slice", "statistic", "comparator",
            "threshold", "minSamples", "confidence", "warnWithinPercent", "triggers");
    private static final List<String> TRIGGER_FIELDS = List.of("consecutive", "failingFor", "action", "severity",
            "onNoData", "onInconclusive");
    private static final Map<String, Op> OP_SYMBOLS = Map.of("<", Op.LT, "<=", Op.LE, ">", Op.GT, ">=", Op.GE);

    private ContractParser() {}

    static Contract parse(Document doc) {
        if (doc.isEmpty()) doc.problems().add("", 0, "document is empty");
        Mapping root = doc.root();
        Contract contract = doc.isEmpty() ? null : contract(root);
        return doc.finish(() -> contract);
    }

    private static Contract contract(Mapping root) {
        int before = root.problemCount();
        root.allowOnly(TOP_FIELDS);
        String name = root.text("name");
        Duration window = root.duration("window");
        List<Check> checks = new ArrayList<>();
        List<String> checkNames = null;
        if (!root.has("checks")) {
            root.problem("checks", "required");
        } else {
            boolean isList = root.size("checks") >= 0;
            if (isList) checkNames = new ArrayList<>();
            for (Mapping m : root.mappings("checks")) {
                Check c = check(m, checkNames);
                if (c != null) checks.add(c);
            }
        }
        Contract.validate(root::problemOnLineOf, name, window, checkNames);
        return root.problemCount() > before ? null : new Contract(name, window, checks);
    }

    /** The check, or null after recording its problems; its name, when readable, is added to {@code names}. */
    private static Check check(Mapping n, List<String> names) {
        int before = n.problemCount();
        n.allowOnly(CHECK_FIELDS);
        String name = n.text("name");
        if (name != null) names.add(name);
        String metric = n.text("metric");
        String slice = n.text("slice", Check.ANY_SLICE);
        Statistic statistic = n.choice("statistic", Statistic.class);
        Op comparator = n.choice("comparator", Op.class, OP_SYMBOLS);
        Double threshold = n.number("threshold");
        int minSamples = n.integer("minSamples", 1);
        double confidence = n.number("confidence", Check.DEFAULT_CONFIDENCE);
        double warn = n.number("warnWithinPercent", 0);
        List<Trigger> triggers = new ArrayList<>();
        for (Mapping t : n.mappings("triggers")) {
            Trigger trigger = trigger(t);
            if (trigger != null) triggers.add(trigger);
        }
        Check.validate(n::problemOnLineOf, name, metric, slice, statistic, comparator, threshold, minSamples, confidence, warn);
        if (n.problemCount() > before) return null;
        return new Check(name, metric, slice, statistic, comparator, threshold, minSamples, confidence, warn, triggers);
    }

    private static Trigger trigger(Mapping n) {
        int before = n.problemCount();
        n.allowOnly(TRIGGER_FIELDS);
        Condition condition = null;
        boolean consecutive = n.has("consecutive");
        if (consecutive == n.has("failingFor")) {
            n.problem("a trigger needs exactly one of consecutive (windows) or failingFor (duration)");
        } else if (consecutive) {
            Integer windows = n.integer("consecutive");
            if (windows != null) {
                if (windows < 1) n.problem("consecutive", "must be >= 1, but was " + windows);
                else condition = new Condition.Consecutive(windows);
            }
        } else {
            Duration d = n.duration("failingFor");
            if (d != null) {
                if (d.isNegative() || d.isZero()) n.problem("failingFor", "must be positive, but was " + d);
                else condition = new Condition.FailingFor(d);
            }
        }
        Action action = n.choice("action", Action.class);
        Severity severity = n.choice("severity", Severity.class);
        GapPolicy onNoData = n.choice("onNoData", GapPolicy.class, GapPolicy.PAUSE);
        GapPolicy onInconclusive = n.choice("onInconclusive", GapPolicy.class, GapPolicy.PAUSE);
        if (n.problemCount() > before || condition == null) return null;
        return new Trigger(condition, action, severity, onNoData, onInconclusive);
    }
}
