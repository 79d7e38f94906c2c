package dev.assay.core.contract;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.assay.core.alert.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a contract from YAML or JSON into a tree and validates it in one pass, collecting every
 * problem (unknown or missing fields, wrong types, unknown enum values, bad durations, and the
 * semantic rules of {@link Check#validate} / {@link Contract#validate}) before building anything.
 * Only {@link InvalidContractException} escapes.
 */
final class ContractParser {
    static final int MAX_CHARS = 1 << 20;
    private static final Set<String> TOP_FIELDS = Set.of("name", "window", "checks");
    private static final Set<String> CHECK_FIELDS = Set.of("name", "metric", "slice", "statistic", "comparator",
            "threshold", "minSamples", "confidence", "warnWithinPercent", "triggers");
    private static final Set<String> TRIGGER_FIELDS = Set.of("consecutive", "failingFor", "action", "severity",
            "onNoData", "onInconclusive");
    private static final Map<String, Op> OP_SYMBOLS = Map.of("<", Op.LT, "<=", Op.LE, ">", Op.GT, ">=", Op.GE);

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private ContractParser() {}

    static Contract parse(String text, String source) {
        if (text.length() > MAX_CHARS) {
            throw new InvalidContractException(source, List.of("document is " + text.length()
                    + " chars, more than the " + MAX_CHARS + " allowed"));
        }
        JsonNode root;
        try {
            root = (text.stripLeading().startsWith("{") ? JSON : YAML).readTree(text);
        } catch (JacksonException e) {
            throw new InvalidContractException(source, List.of("not valid YAML or JSON: " + describe(e)));
        }
        Problems p = new Problems();
        Contract contract = contract(root, p);
        if (!p.isEmpty() || contract == null) {
            if (p.isEmpty()) p.add("document is empty");
            throw new InvalidContractException(source, p.list());
        }
        return contract;
    }

    private static Contract contract(JsonNode root, Problems p) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            p.add("document is empty");
            return null;
        }
        if (!root.isObject()) {
            p.add("document must be a mapping with name, window and checks, but was " + kind(root));
            return null;
        }
        int before = p.size();
        unknownFields(root, TOP_FIELDS, p);
        String name = text(root, "name", true, p);
        Duration window = duration(root, "window", true, p);
        List<Check> checks = new ArrayList<>();
        List<String> checkNames = new ArrayList<>();
        JsonNode list = root.get("checks");
        if (list == null || list.isNull()) {
            p.add("checks is required");
        } else if (!list.isArray()) {
            p.add("checks must be a list, but was " + kind(list));
        } else {
            for (int i = 0; i < list.size(); i++) {
                Problems at = p.at("checks[" + i + "]");
                JsonNode n = list.get(i);
                if (n.isObject() && n.get("name") != null && n.get("name").isTextual()) checkNames.add(n.get("name").asText());
                Check c = check(n, at);
                if (c != null) checks.add(c);
            }
        }
        Contract.validate(p, name, window, list != null && list.isArray() ? checkNames : null);
        if (p.size() > before) return null;
        return new Contract(name, window, checks);
    }

    private static Check check(JsonNode n, Problems p) {
        if (!n.isObject()) {
            p.add("a check must be a mapping, but was " + kind(n));
            return null;
        }
        int before = p.size();
        unknownFields(n, CHECK_FIELDS, p);
        String name = text(n, "name", true, p);
        String metric = text(n, "metric", true, p);
        String slice = n.has("slice") ? text(n, "slice", true, p) : Check.ANY_SLICE;
        Statistic statistic = enumValue(n, "statistic", Statistic.class, Map.of(), true, p);
        Op comparator = enumValue(n, "comparator", Op.class, OP_SYMBOLS, true, p);
        Double threshold = number(n, "threshold", true, p);
        Integer minSamples = n.has("minSamples") ? integer(n, "minSamples", p) : Integer.valueOf(1);
        Double confidence = n.has("confidence") ? number(n, "confidence", true, p) : Double.valueOf(Check.DEFAULT_CONFIDENCE);
        Double warn = n.has("warnWithinPercent") ? number(n, "warnWithinPercent", true, p) : Double.valueOf(0);
        List<Trigger> triggers = new ArrayList<>();
        JsonNode list = n.get("triggers");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                p.add("triggers must be a list, but was " + kind(list));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    Trigger t = trigger(list.get(i), p.at("triggers[" + i + "]"));
                    if (t != null) triggers.add(t);
                }
            }
        }
        Check.validate(p, name, metric, slice, statistic, comparator, threshold, minSamples, confidence, warn);
        if (p.size() > before) return null;
        return new Check(name, metric, slice, statistic, comparator, threshold, minSamples, confidence, warn, triggers);
    }

    private static Trigger trigger(JsonNode n, Problems p) {
        if (!n.isObject()) {
            p.add("a trigger must be a mapping, but was " + kind(n));
            return null;
        }
        int before = p.size();
        unknownFields(n, TRIGGER_FIELDS, p);
        Condition condition = null;
        boolean consecutive = n.has("consecutive");
        boolean failingFor = n.has("failingFor");
        if (consecutive == failingFor) {
            p.add("a trigger needs exactly one of consecutive (windows) or failingFor (duration)");
        } else if (consecutive) {
            Integer windows = integer(n, "consecutive", p);
            if (windows != null) {
                if (windows < 1) p.add("consecutive must be >= 1, but was " + windows);
                else condition = new Condition.Consecutive(windows);
            }
        } else {
            Duration d = duration(n, "failingFor", true, p);
            if (d != null) {
                if (d.isNegative() || d.isZero()) p.add("failingFor must be positive, but was " + d);
                else condition = new Condition.FailingFor(d);
            }
        }
        Action action = enumValue(n, "action", Action.class, Map.of(), true, p);
        Severity severity = enumValue(n, "severity", Severity.class, Map.of(), true, p);
        GapPolicy onNoData = n.has("onNoData") ? enumValue(n, "onNoData", GapPolicy.class, Map.of(), true, p) : GapPolicy.PAUSE;
        GapPolicy onInconclusive = n.has("onInconclusive")
                ? enumValue(n, "onInconclusive", GapPolicy.class, Map.of(), true, p) : GapPolicy.PAUSE;
        if (p.size() > before || condition == null) return null;
        return new Trigger(condition, action, severity, onNoData, onInconclusive);
    }

    private static void unknownFields(JsonNode n, Set<String> allowed, Problems p) {
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!allowed.contains(f)) {
                p.add("unknown field \"" + clip(f) + "\" (expected one of " + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    private static String text(JsonNode n, String field, boolean required, Problems p) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) p.add(field + " is required");
            return null;
        }
        if (!v.isTextual()) {
            p.add(field + " must be a string, but was " + kind(v));
            return null;
        }
        if (v.asText().isBlank()) {
            p.add(field + " must not be blank");
            return null;
        }
        return v.asText();
    }

    private static Double number(JsonNode n, String field, boolean required, Problems p) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) p.add(field + " is required");
            return null;
        }
        if (!v.isNumber()) {
            p.add(field + " must be a number, but was " + kind(v));
            return null;
        }
        return v.doubleValue();
    }

    private static Integer integer(JsonNode n, String field, Problems p) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isIntegralNumber() || !v.canConvertToInt()) {
            p.add(field + " must be a whole number, but was " + (v == null ? "missing" : kind(v)));
            return null;
        }
        return v.intValue();
    }

    private static Duration duration(JsonNode n, String field, boolean required, Problems p) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) p.add(field + " is required");
            return null;
        }
        Duration d = v.isTextual() ? Durations.parse(v.asText()) : null;
        if (d == null) {
            p.add(field + " must be a duration like 60s, 5m, 1h30m or PT1M, but was " + kind(v));
        }
        return d;
    }

    private static <E extends Enum<E>> E enumValue(JsonNode n, String field, Class<E> type, Map<String, E> aliases,
                                                   boolean required, Problems p) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) p.add(field + " is required");
            return null;
        }
        String expected = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "))
                + (aliases.isEmpty() ? "" : ", " + aliases.keySet().stream().sorted().collect(Collectors.joining(", ")));
        if (v.isTextual()) {
            String s = v.asText().strip();
            E alias = aliases.get(s);
            if (alias != null) return alias;
            for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(s)) return e;
        }
        p.add(field + " has unknown value " + kind(v) + " (expected one of " + expected + ")");
        return null;
    }

    /** A short description of a node for messages: a quoted string, a number, or its type. */
    private static String kind(JsonNode v) {
        if (v.isTextual()) return "\"" + clip(v.asText()) + "\"";
        if (v.isNumber() || v.isBoolean()) return clip(v.asText());
        if (v.isArray()) return "a list";
        if (v.isObject()) return "a mapping";
        return v.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String clip(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    private static String describe(JacksonException e) {
        JsonLocation at = e.getLocation();
        String msg = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        msg = msg.lines().findFirst().orElse(msg);
        return clip200(msg) + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr());
    }

    private static String clip200(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }
}
