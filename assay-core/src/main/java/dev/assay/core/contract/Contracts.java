package dev.assay.core.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.assay.core.InvalidInputException;
import dev.assay.core.document.Document;
import dev.assay.core.document.InvalidDocumentException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and writes contract definitions. The format (YAML, or JSON with the same fields):
 * <pre>{@code
 * name: ranker-v7
 * window: 60s                     # units 250ms 30s 5m 2h 2d, combined (1h30m), or ISO-8601 (PT1M)
 * checks:
 *   - name: latency-p99
 *     metric: latency_ms
 *     slice: "*"                  # default "*": every slice
 *     statistic: P99              # COUNT MEAN MIN MAX P50 P90 P95 P99 RATE MEAN_LCB MEAN_UCB
 *     comparator: "<="            # LT LE GT GE or < <= > >=
 *     threshold: 250
 *     minSamples: 20              # default 1
 *     confidence: 0.95            # default 0.95; MEAN_LCB / MEAN_UCB only
 *     warnWithinPercent: 10       # default 0: no warning band
 *     triggers:
 *       - consecutive: 3          # or failingFor: 5m
 *         action: ROLLBACK        # ALERT ROLLBACK
 *         severity: CRITICAL      # INFO WARNING ERROR CRITICAL EMERGENCY
 *         onNoData: PAUSE         # default PAUSE; RESET or FAIL
 *         onInconclusive: PAUSE   # default PAUSE; RESET or FAIL
 * }</pre>
 * Unknown fields are errors (a typo must not silently disable a check); the file is read by the
 * core {@link Document} reader, so its size limit, duplicate-key refusal and scalar grammar apply.
 */
public final class Contracts {
    private static final YAMLMapper WRITER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private Contracts() {}

    /** Parses a YAML or JSON contract; throws {@link InvalidDocumentException} listing every problem with its path and line. */
    public static Contract parse(String text) {
        Objects.requireNonNull(text, "text");
        return ContractParser.parse(Document.parse(text, "invalid contract definition"));
    }

    /** Reads and parses a UTF-8 contract file; throws {@link InvalidInputException} when it cannot be read or is invalid. */
    public static Contract load(Path file) {
        Objects.requireNonNull(file, "file");
        return ContractParser.parse(Document.read(file, "contract file", "invalid contract " + file));
    }

    /** The contract as YAML that {@link #parse} reads back to an equal contract. */
    public static String toYaml(Contract contract) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("name", contract.name());
        root.put("window", contract.window().toString());
        ArrayNode checks = root.putArray("checks");
        for (Check c : contract.checks()) {
            ObjectNode n = checks.addObject();
            n.put("name", c.name());
            n.put("metric", c.metric());
            n.put("slice", c.slice());
            n.put("statistic", c.statistic().name());
            n.put("comparator", c.comparator().name());
            n.put("threshold", c.threshold());
            n.put("minSamples", c.minSamples());
            n.put("confidence", c.confidence());
            n.put("warnWithinPercent", c.warnWithinPercent());
            ArrayNode triggers = n.putArray("triggers");
            for (Trigger t : c.triggers()) {
                ObjectNode tn = triggers.addObject();
                switch (t.condition()) {
                    case Condition.Consecutive k -> tn.put("consecutive", k.windows());
                    case Condition.FailingFor f -> tn.put("failingFor", f.duration().toString());
                }
                tn.put("action", t.action().name());
                tn.put("severity", t.severity().name());
                tn.put("onNoData", t.onNoData().name());
                tn.put("onInconclusive", t.onInconclusive().name());
            }
        }
        try {
            return WRITER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write contract " + contract.name() + " as YAML", e);
        }
    }
}
