package dev.assay.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.auth.Role;
import dev.assay.core.monitor.MonitorInfo;
import dev.assay.core.monitor.Monitors;
import dev.assay.llm.monitor.TokenMonitorDefinition;
import dev.assay.llm.monitor.TokenMonitorKind;
import dev.assay.llm.score.ScoreInputs;
import dev.assay.llm.score.TokenScores;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Token drift monitors over HTTP, on the core monitor lifecycle: {@code POST /api/v1/llm/monitors/<model>} (operator)
 * defines monitor {@code llm.tokens/<model>} against reference perplexities, given as numbers or as reference responses
 * the service scores; {@code GET} lists them or shows one with its stored progress and last window (viewer);
 * {@code DELETE} stops one. The observations are the responses of that model that {@link LlmModule} scores or proxies.
 */
public final class LlmMonitorModule implements ApiModule {
    public static final String MONITORS = "/api/v1/llm/monitors";
    private static final Set<String> FIELDS = Set.of("reference", "responses", "values", "window", "alpha", "minResponses");

    record MonitorView(String id, String model, String status, String window, double alpha, int minResponses, int referenceSize,
                       double referenceMedianPerplexity, long windows, long responses, long driftWindows, long pending, Instant closedUntil,
                       Instant updatedAt, String runningOn, JsonNode lastWindow) {}

    record ListView(List<MonitorView> monitors, int total) {}

    private final Monitors monitors;

    /** A module over {@code monitors}, which must know {@link TokenMonitorKind}. */
    public LlmMonitorModule(Monitors monitors) {
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        monitors.kind(TokenMonitorKind.NAME);
    }

    @Override
    public String name() {
        return "llm-monitors";
    }

    @Override
    public void register(Routes routes) {
        routes.get(MONITORS, Access.atLeast(Role.VIEWER),
                "Token drift monitors (llm.tokens) with their stored progress: windows, responses, drifted windows, the last window", ctx -> {
                    List<MonitorView> all = monitors.list().stream().filter(m -> m.kind().equals(TokenMonitorKind.NAME)).map(this::view).toList();
                    ctx.json(new ListView(all, all.size()));
                });
        routes.post(MONITORS + "/<model>", Access.atLeast(Role.OPERATOR),
                "Define the token drift monitor of a model (the name scored and proxied responses carry; it may hold '/'): {\"reference\":"
                        + " [perplexities] or \"responses\": [chat completions or Mu-SHROOM records, as /api/v1/llm/score takes them],"
                        + " \"values\" (auto or logprobs, how Mu-SHROOM values are read), \"window\" (default 5m), \"alpha\" (default 0.01),"
                        + " \"minResponses\" (default 20)}, " + TokenMonitorDefinition.MIN_REFERENCE + " to " + TokenMonitorDefinition.MAX_REFERENCE
                        + " reference values. Every window of that model's responses is tested against the reference (two-sample"
                        + " Kolmogorov-Smirnov on perplexity), recorded as llm.tokens.window, and a drift raises an alert; 409 when defined",
                ctx -> {
                    TokenMonitorDefinition def = definition(ctx.pathParam("model"), Requests.decodedBody(ctx));
                    MonitorInfo m = monitors.define(TokenMonitorKind.id(def.model()), TokenMonitorKind.NAME, def.toJson());
                    ctx.status(201).json(view(m));
                });
        routes.get(MONITORS + "/<model>", Access.atLeast(Role.VIEWER),
                "A token drift monitor's stored progress and its last window's test", ctx -> ctx.json(view(require(ctx.pathParam("model")))));
        routes.delete(MONITORS + "/<model>", Access.atLeast(Role.OPERATOR),
                "Stop a token drift monitor: its model's responses are no longer fed to it; its state and ledger entries stay", ctx -> {
                    require(ctx.pathParam("model"));
                    ctx.json(view(monitors.stop(TokenMonitorKind.id(ctx.pathParam("model")))));
                });
    }

    private MonitorInfo require(String model) {
        MonitorInfo m = monitors.get(TokenMonitorKind.id(model)).orElse(null);
        if (m == null || !m.kind().equals(TokenMonitorKind.NAME)) throw new NotFoundException("no token monitor for model " + model);
        return m;
    }

    /** The definition a request body asks for; every problem an InvalidInputException naming its field. */
    static TokenMonitorDefinition definition(String model, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank())
            throw new InvalidInputException("the body must be a JSON object with \"reference\" (perplexities) or \"responses\" (reference responses)");
        JsonNode n;
        try {
            n = ScoreInputs.JSON.readTree(text); // NaN and infinities parse, so that the checks name the value holding one
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException("the body is not valid JSON");
        }
        if (n == null || !n.isObject()) throw new InvalidInputException("the body must be a JSON object");
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new InvalidInputException("unknown field '" + f + "'; a token monitor takes " + String.join(", ", FIELDS.stream().sorted().toList()));
        }
        boolean numbers = n.has("reference");
        boolean responses = n.has("responses");
        if (numbers == responses) throw new InvalidInputException("give exactly one of \"reference\" (perplexities) and \"responses\" (reference responses)");
        ObjectNode def = ((ObjectNode) n).deepCopy();
        def.remove("responses");
        def.remove("values");
        def.put("model", model);
        if (responses) {
            if (n.has("values") && !n.get("values").isTextual()) throw new InvalidInputException("field 'values' must be auto or logprobs");
            ScoreInputs.Values values = n.has("values") ? ScoreInputs.Values.parse(n.get("values").asText(), "field 'values'") : ScoreInputs.Values.AUTO;
            JsonNode rs = n.get("responses");
            if (!rs.isArray()) throw new InvalidInputException("field 'responses' must be an array of chat completions or Mu-SHROOM records");
            if (rs.size() < TokenMonitorDefinition.MIN_REFERENCE || rs.size() > TokenMonitorDefinition.MAX_REFERENCE)
                throw new InvalidInputException("field 'responses' must hold " + TokenMonitorDefinition.MIN_REFERENCE + " to "
                        + TokenMonitorDefinition.MAX_REFERENCE + " reference responses, but held " + rs.size());
            List<TokenScores> scores = new ArrayList<>(rs.size());
            for (int i = 0; i < rs.size(); i++) scores.add(ScoreInputs.parse(rs.get(i), i + 1, "responses[" + i + "]", values).scores());
            ArrayNode ref = def.putArray("reference");
            for (double p : TokenMonitorDefinition.perplexities(scores)) ref.add(p);
        } else if (n.has("values")) {
            throw new InvalidInputException("field 'values' goes with \"responses\": it says how their Mu-SHROOM values are read");
        }
        return TokenMonitorDefinition.fromJson(def);
    }

    private MonitorView view(MonitorInfo m) {
        TokenMonitorDefinition d = TokenMonitorDefinition.fromJson(m.definition());
        JsonNode s = m.state().orElse(null);
        double[] ref = d.reference();
        Arrays.sort(ref);
        double median = ref.length % 2 == 1 ? ref[ref.length / 2] : (ref[ref.length / 2 - 1] + ref[ref.length / 2]) / 2;
        return new MonitorView(m.id(), d.model(), m.status().name(), d.window().toString(), d.alpha(), d.minResponses(), ref.length, median,
                s == null ? 0 : s.path("windows").asLong(), s == null ? 0 : s.path("responses").asLong(),
                s == null ? 0 : s.path("driftWindows").asLong(), m.pending(), m.closedUntil(), m.updatedAt(), monitors.owner(m.id()).orElse(null),
                s == null || !s.path("lastWindow").isObject() ? null : s.get("lastWindow"));
    }
}
