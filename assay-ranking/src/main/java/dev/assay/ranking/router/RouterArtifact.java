package dev.assay.ranking.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The shipped router as a JSON file ({@code assay-router/1}): the INT8 tables (knots, cells per
 * segment, scale, offset, base64 codes) and intercept that {@link #router()} evaluates, the
 * policy (tau, min gain, budget), the piecewise-linear shapes they were sampled from, the
 * teacher in XGBoost's UBJSON (base64), the no-regret evidence, and the inputs' SHA-256. Written
 * to a temporary file and moved into place, so a reader never sees half a file.
 */
public record RouterArtifact(JsonNode json, Int8Router router, RoutingPolicy policy) {
    public static final String FORMAT = "assay-router/1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The artifact of a distillation, with the inputs it came from (name -> SHA-256) and when it was made. */
    public static RouterArtifact of(DistillationReport r, Map<String, String> inputs, String measure, Instant created) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("created", created.toString());
        root.put("measure", measure);
        ObjectNode in = root.putObject("inputs");
        inputs.forEach(in::put);
        ArrayNode features = root.putArray("features");
        Int8Router int8 = r.int8();
        for (int j = 0; j < r.features().size(); j++) {
            ObjectNode f = features.addObject();
            f.put("name", r.features().get(j));
            f.put("monotone", r.monotone()[j]);
            Int8Table t = int8.tables().get(j);
            ObjectNode table = f.putObject("int8");
            ArrayNode knots = table.putArray("knots");
            for (double k : t.knots()) knots.add(k);
            table.put("cells_per_segment", t.cellsPerSegment());
            table.put("scale", t.scale());
            table.put("offset", t.offset());
            table.put("codes", Base64.getEncoder().encodeToString(t.codes()));
            PiecewiseLinear s = r.router().shapes().get(j);
            ObjectNode pwl = f.putObject("piecewise_linear");
            ArrayNode b = pwl.putArray("breakpoints");
            for (double v : s.breakpoints()) b.add(v);
            ArrayNode v = pwl.putArray("values");
            for (double x : s.values()) v.add(x);
        }
        root.put("intercept", int8.intercept());
        ObjectNode policy = root.putObject("policy");
        policy.put("tau", r.policy().tau());
        policy.put("min_gain", r.policy().minGain());
        policy.put("budget", r.policy().budget());
        ObjectNode gate = root.putObject("no_regret");
        gate.put("verdict", r.verdict().name());
        gate.put("mean_delta", r.noRegret().estimate());
        gate.put("lower_bound", r.noRegret().lower());
        gate.put("level", r.noRegret().confidenceLevel());
        gate.put("margin", r.config().margin());
        gate.put("agreement", r.agreement());
        gate.put("topics", r.topics());
        root.put("teacher_xgboost_ubj", Base64.getEncoder().encodeToString(r.teacher().model()));
        return new RouterArtifact(root, int8, r.policy());
    }

    /** Reads and validates an artifact; every problem is an {@link InvalidInputException} naming the file. */
    public static RouterArtifact read(Path file) {
        JsonNode root;
        try {
            try (java.io.InputStream in = Files.newInputStream(file)) {
                root = MAPPER.readTree(in);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a JSON router artifact (" + e.getMessage() + ")");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()))
            throw new InvalidInputException(file + ": format must be " + FORMAT + ", but was '" + (root == null ? "" : root.path("format").asText()) + "'");
        try {
            return new RouterArtifact(root, router(root), policy(root));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file + ": " + e.getMessage());
        }
    }

    /** Writes the artifact to {@code file} atomically ({@link dev.assay.core.AtomicFiles}). */
    public void write(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            dev.assay.core.AtomicFiles.replace(file, MAPPER.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** The INT8 router {@code json} describes. */
    private static Int8Router router(JsonNode json) {
        List<String> names = new ArrayList<>();
        List<Int8Table> tables = new ArrayList<>();
        JsonNode features = json.path("features");
        if (!features.isArray() || features.isEmpty()) throw new IllegalArgumentException("features must be a non-empty list");
        int[] mono = new int[features.size()];
        for (int j = 0; j < features.size(); j++) {
            JsonNode f = features.get(j);
            names.add(text(f, "name"));
            mono[j] = f.path("monotone").asInt(0);
            JsonNode t = f.path("int8");
            JsonNode k = t.path("knots");
            if (!k.isArray()) throw new IllegalArgumentException("feature " + names.get(j) + ": int8.knots must be a list");
            double[] knots = new double[k.size()];
            for (int i = 0; i < knots.length; i++) knots[i] = k.get(i).asDouble();
            byte[] codes;
            try {
                codes = Base64.getDecoder().decode(text(t, "codes"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("feature " + names.get(j) + ": int8.codes is not base64");
            }
            tables.add(Int8Table.of(knots, t.path("cells_per_segment").asInt(0), number(t, "scale"), number(t, "offset"), codes));
        }
        return new Int8Router(names, mono, number(json, "intercept"), tables);
    }

    private static RoutingPolicy policy(JsonNode json) {
        JsonNode p = json.path("policy");
        return new RoutingPolicy(p.path("tau").asDouble(Double.NaN), number(p, "min_gain"), number(p, "budget"));
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException(field + " must be a string");
        return v.asText();
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) throw new IllegalArgumentException(field + " must be a number");
        return v.asDouble();
    }
}
