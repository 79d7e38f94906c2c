package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.auth.Role;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.monitor.Monitors;
import dev.assay.core.registry.Provenance;
import dev.assay.core.registry.Registry;
import dev.assay.core.registry.Stage;
import dev.assay.core.time.ManualClock;
import dev.assay.ranking.monitor.MonitorConfig;
import dev.assay.ranking.monitor.MonitorSinks;
import dev.assay.ranking.monitor.RankingMonitorKind;
import dev.assay.server.fingerprint.FingerprintModule;
import dev.assay.server.fingerprint.FingerprintSamples;
import dev.assay.server.ledger.LedgerModule;
import dev.assay.server.models.ModelsModule;
import dev.assay.server.ranking.RankingContractModule;
import dev.assay.server.ranking.RankingMonitorModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to every registered route, taken from the server's own route table (so a new route
 * joins the matrix without being listed here): unknown and malformed path parameters, bad values
 * of the query parameters a route's summary declares ({@code ?name=}), and, for routes with a
 * body, empty, {@code null}, array, non-JSON and truncated-gzip bodies plus every field of a
 * valid sample body removed, nulled, of the wrong JSON type, non-finite, huge or negative. Every
 * answer must be a 4xx in the API's JSON error shape whose message names the problem and no Java
 * type; afterwards the ledger still verifies.
 */
class BadInputMatrixHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final Pattern PATH_PARAM = Pattern.compile("\\{(\\w+)}");
    static final Pattern QUERY_PARAM = Pattern.compile("\\?(\\w+)=");
    /** Text that must never reach a client: Java types and packages, stack frames. */
    static final List<String> LEAKS = List.of("dev.assay", "Exception", "$", "java.", "javax.", "jakarta.", "\tat ",
            "com.fasterxml", "org.eclipse", "io.javalin");
    /** Path parameter values that name nothing, or are no valid id. */
    static final List<String> BAD_PATH_VALUES = List.of("no-such-thing", "-1", "0", "abc", "9223372036854775808", "NaN", "1e308");
    /** Query parameter values that are negative, not numbers, non-finite, huge or empty. */
    static final List<String> BAD_QUERY_VALUES = List.of("-1", "0", "NaN", "Infinity", "1e308", "9223372036854775808", "abc", "",
            "1.5");
    /** Fields where -1 is a valid value: a seed is any long, a gain a difference of nDCG values in [-1, 1]. */
    static final Set<String> NEGATIVE_ONE_VALID = Set.of("seed", "gain");
    /** A Java type name such as {@code JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS} or {@code ModelsModule$RegisterModel}. */
    static final Pattern TYPE_NAME = Pattern.compile("\\b[A-Z][a-z]+[A-Z][A-Za-z]*[.$][A-Za-z_]+");
    /** A placeholder for JSON text Jackson would not write (NaN, Infinity, huge integers), replaced after serialising. */
    static final String RAW = "@@raw@@";

    @TempDir
    static Path dir;

    static TestServer t;
    static Ledger ledger;
    static AlertManager alerts;
    /** The model behind the chat proxy. */
    static dev.assay.models.chat.ReplayServer replay;
    static long spareTokenId;
    static String pendingApprovalId;

    /** The agent module, with one pending approval request (never decided by the matrix: every body it sends is bad). */
    static dev.assay.server.agent.AgentModule agentModule(dev.assay.core.store.Store store, ManualClock clock,
                                                         io.micrometer.core.instrument.MeterRegistry meters) {
        var approvals = dev.assay.agent.approval.ApprovalQueue.open(store, ledger, clock);
        var action = new dev.assay.agent.action.Action(dev.assay.agent.action.Action.Kind.TOOL, "send_money", "send_money", null,
                "matrix", "pay", List.of(), null);
        pendingApprovalId = approvals.request(new dev.assay.agent.guard.Verdict(dev.assay.agent.command.Decision.ESCALATE, action,
                List.of()), Duration.ofDays(1)).id();
        return new dev.assay.server.agent.AgentModule(dev.assay.agent.policy.Policy.defaults(), ledger, meters, approvals,
                dev.assay.server.agent.AgentModule.DEFAULT_APPROVAL_TTL, alerts);
    }

    @BeforeAll
    static void start() {
        ManualClock clock = new ManualClock(T0);
        replay = dev.assay.models.chat.ReplayServer.start(dev.assay.models.chat.ReplayServer.resource("/chat/recorded-completions.jsonl"));
        t = new TestServer(dir, Map.of(), (store, telemetry) -> {
            ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
            Registry registry = Registry.open(store, ledger, clock);
            registry.registerModel("ranker", "search");
            registry.registerVersion("ranker", "v1", new Provenance(JSON.createObjectNode(), "sha256:aa", 1, "git:1", T0));
            registry.deploy("ranker", "v1", Stage.SHADOW, 0, "a candidate to monitor");
            alerts = AlertManager.builder(telemetry.registry()).clock(clock).channel("log", AlertChannel.log()).build();
            dev.assay.fingerprint.monitor.ReferenceStore references = dev.assay.fingerprint.monitor.ReferenceStore.inDataDir(dir);
            Monitors monitors = Monitors.open(store, clock, List.of(new RankingMonitorKind(
                    new MonitorSinks(registry, ledger, alerts, telemetry.registry())),
                    new dev.assay.fingerprint.monitor.FingerprintMonitorKind(references, alerts, telemetry.registry())));
            return List.of(new LedgerModule(ledger), new ModelsModule(registry, clock),
                    new RankingMonitorModule(monitors, MonitorConfig.parse("qualityMargin: 0\nresamples: 200\n"), clock),
                    new RankingContractModule(ledger, registry, clock, telemetry.registry()),
                    new FingerprintModule(ledger, telemetry.registry()),
                    new dev.assay.server.fingerprint.FingerprintMonitorModule(monitors, references, registry),
                    agentModule(store, clock, telemetry.registry()),
                    new dev.assay.server.protocol.ProtocolModule(dev.assay.protocol.sla.DiscoveryService.standard(telemetry.registry())),
                    llmModule(telemetry.registry(), clock));
        });
        spareTokenId = t.tokens.create("spare", Role.VIEWER).info().id();
    }

    /** The LLM module with the chat proxy forwarding to the replay server. */
    static dev.assay.server.llm.LlmModule llmModule(io.micrometer.core.instrument.MeterRegistry meters, ManualClock clock) {
        var metrics = new dev.assay.models.chat.ChatMetrics(meters, clock);
        var client = dev.assay.models.chat.ChatClient.openAi(dev.assay.models.chat.ChatClientConfig.defaults(replay.baseUrl())
                .withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1)).withRateLimit(1000, Duration.ofSeconds(5)));
        var upstream = new dev.assay.server.llm.LlmUpstream("openai", "gpt-4o-mini", client, metrics, dev.assay.models.chat.PriceTable.empty(),
                new dev.assay.models.chat.UsageLedger(clock), java.util.Optional.empty());
        return new dev.assay.server.llm.LlmModule(java.util.Optional.empty(), dev.assay.llm.spans.SpanDetector.shipped(), meters).proxy(upstream)
                .health(new dev.assay.llm.health.LlmHealth(java.util.Optional.of(metrics), java.util.Optional.empty(),
                        dev.assay.llm.health.LlmHealth.Thresholds.defaults(), alerts, meters, clock));
    }

    @AfterAll
    static void stop() {
        t.close();
        replay.close();
        alerts.close(Duration.ofSeconds(5));
        ledger.close();
    }

    /** Routes whose body is a packet capture, not JSON: the body cases run, the field cases cannot. */
    static final Set<String> CAPTURE_BODIES = Set.of("POST /api/v1/protocol/classify/capture");
    /** Routes whose body is another system's document (a provider's chat completion): a field they do not know is ignored. */
    static final Set<String> FOREIGN_DOCUMENTS = Set.of("POST /api/v1/llm/score");

    /** A valid body per route with one; a route taking a body without a sample here fails the matrix. */
    static Map<String, JsonNode> samples() {
        Map<String, JsonNode> s = new LinkedHashMap<>();
        s.put("POST /api/v1/models", obj("{\"name\": \"matrix-model\", \"description\": \"d\"}"));
        s.put("POST /api/v1/models/{model}/versions", obj("{\"version\": \"v-matrix\", \"provenance\": {\"config\": {\"lr\": 0.1},"
                + " \"dataHash\": \"sha256:bb\", \"seed\": 7, \"codeVersion\": \"git:2\", \"builtAt\": \"2026-01-01T00:00:00Z\"}}"));
        s.put("POST /api/v1/models/{model}/deployments",
                obj("{\"version\": \"v1\", \"stage\": \"SHADOW\", \"trafficPercent\": 0, \"reason\": \"r\"}"));
        s.put("POST /api/v1/models/{model}/promote", obj("{\"version\": \"v1\", \"reason\": \"r\"}"));
        s.put("POST /api/v1/models/{model}/rollback", obj("{\"version\": \"v1\", \"reason\": \"r\"}"));
        s.put("POST /api/v1/tokens", obj("{\"name\": \"matrix\", \"role\": \"viewer\"}"));
        ObjectNode evaluate = JSON.createObjectNode().put("qrels", RankingContractHttpTest.qrels())
                .put("production", RankingContractHttpTest.PROD).put("candidate", RankingContractHttpTest.CAND)
                .put("measure", "ndcg_cut.10").put("method", "bootstrap_bca").put("alpha", 0.05).put("margin", 0.0)
                .put("resamples", 200).put("seed", 1);
        evaluate.putArray("candidateLatencies").add(12.5).add(14);
        s.put("POST /api/v1/ranking/contract/evaluate", evaluate);
        s.put("POST /api/v1/ranking/monitors/{model}/{version}", obj("{\"alpha\": 0.05, \"resamples\": 200, \"window\": \"60s\","
                + " \"calibrationBinning\": \"EQUAL_MASS\"}"));
        s.put("POST /api/v1/ranking/monitors/{model}/{version}/observations", node("[{\"time\": \"2026-03-02T10:00:01Z\", "
                + "\"gain\": 0.01, \"latencyMs\": 120, \"jaccard10\": 0.8, \"confidence\": 0.7, \"correct\": true}]"));
        s.putAll(FingerprintSamples.bodies());
        s.put("POST /api/v1/agent/approvals/{approval}/approve", obj("{\"reason\": \"checked by the matrix\"}"));
        s.put("POST /api/v1/agent/approvals/{approval}/deny", obj("{\"reason\": \"checked by the matrix\"}"));
        s.put("POST /api/v1/protocol/classify", obj("{\"payload\": \"R0VUIC8gSFRUUC8xLjENCg0K\", \"transport\": \"TCP\", \"clientPort\": 50000,"
                + " \"serverPort\": 80, \"mode\": \"balanced\", \"deadlineMs\": 200}"));
        s.put("POST /api/v1/llm/score", obj(dev.assay.server.llm.LlmModuleTest.completion("Paris is the capital of France.",
                new String[] {"Paris", " is", " the", " capital", " of", " France", "."}, new double[] {-0.1, -0.05, -0.02, -0.3, -0.01, -0.2, -0.01})));
        s.put("POST /api/v1/llm/chat", obj("{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": "
                + "\"What is the capital of France?\"}], \"max_tokens\": 64, \"temperature\": 0.5, \"agent\": \"matrix\"}"));
        s.put("POST /api/v1/agent/check", obj("{\"kind\": \"shell\", \"command\": \"ls -la\", \"agent\": \"matrix\", \"goal\": \"list\"}"));
        return s;
    }

    /** Path parameter values that exist. */
    static String known(String param) {
        return switch (param) {
            case "model" -> "ranker";
            case "version" -> "v1";
            case "id" -> Long.toString(spareTokenId);
            case "seq" -> "1";
            case "approval" -> pendingApprovalId;
            default -> throw new AssertionError("no known value for path parameter {" + param + "}; add one to the matrix");
        };
    }

    /** One request of the matrix and what was wrong with its answer, if anything. */
    record Case(RouteInfo route, String what, String path, byte[] body, boolean gzip, List<String> mustName) {}

    final List<String> findings = new ArrayList<>();
    int cases;

    @Test
    void everyRouteAnswersBadInputWith4xxNamingTheProblem_andTheLedgerStillVerifies() {
        List<RouteInfo> routes = t.server.routes();
        assertThat(routes).hasSizeGreaterThan(15);
        Map<String, JsonNode> samples = samples();
        for (RouteInfo route : routes) {
            String key = route.method() + " " + route.path();
            boolean hasBody = route.method() != HttpMethod.GET && route.method() != HttpMethod.DELETE;
            JsonNode sample = samples.get(key);
            if (hasBody && sample == null && !CAPTURE_BODIES.contains(key)) findings.add(key + ": no sample body in the matrix; add one to samples()");
            String validQuery = validQuery(route);
            pathParameterCases(route, sample, validQuery);
            queryParameterCases(route);
            if (hasBody) {
                bodyCases(route, sample);
                if (sample != null) fieldCases(route, sample);
            }
        }
        assertThat(cases).as("cases run").isGreaterThan(300);
        HttpResponse<String> verify = t.get("/api/v1/ledger/verify", t.operator);
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
        assertThat(verify.body()).as("the ledger after the matrix").contains("\"valid\":true");
        assertThat(findings).as("answers that are not a clear 4xx naming the problem (%d of %d cases)", findings.size(), cases)
                .isEmpty();
    }

    void pathParameterCases(RouteInfo route, JsonNode sample, String validQuery) {
        List<String> params = matches(PATH_PARAM, route.path());
        for (String param : params) {
            for (String bad : BAD_PATH_VALUES) {
                String path = route.path();
                for (String p : params) path = path.replace("{" + p + "}", p.equals(param) ? enc(bad) : known(p));
                byte[] body = sample == null ? null : bytes(sample.toString());
                run(new Case(route, "{" + param + "}=" + bad, path + validQuery, body, false, List.of(bad, param)), false);
            }
        }
    }

    void queryParameterCases(RouteInfo route) {
        if (route.method() != HttpMethod.GET) return;
        for (String param : matches(QUERY_PARAM, route.summary())) {
            for (String bad : BAD_QUERY_VALUES) {
                Map<String, String> query = new LinkedHashMap<>();
                for (String p : matches(QUERY_PARAM, route.summary())) query.put(p, "k");
                query.remove("after");
                query.remove("before");
                query.remove("offset");
                query.remove("limit");
                query.remove("mode");
                query.put(param, bad);
                StringBuilder q = new StringBuilder();
                query.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(k).append('=').append(enc(v)));
                run(new Case(route, "?" + param + "=" + bad, fill(route.path()) + q, null, false, List.of(param)), true);
            }
        }
    }

    void bodyCases(RouteInfo route, JsonNode sample) {
        String path = fill(route.path());
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("empty body", new byte[0]);
        bodies.put("null body", bytes("null"));
        bodies.put("[1,2] body", bytes("[1,2]"));
        bodies.put("NaN body", bytes("NaN"));
        bodies.put("string body", bytes("\"text\""));
        bodies.put("truncated JSON body", bytes("{\"a\":"));
        bodies.put("garbage body", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3});
        // a route whose summary says its body is optional may take an empty one
        boolean optional = route.summary().contains("(optional)");
        for (var b : bodies.entrySet())
            run(new Case(route, b.getKey(), path, b.getValue(), false, List.of()), optional && b.getKey().equals("empty body"));
        byte[] gz = gzip(sample == null ? bytes("{}") : bytes(sample.toString()));
        run(new Case(route, "truncated gzip body", path, Arrays.copyOf(gz, gz.length / 2), true, List.of("gzip")), false);
        run(new Case(route, "gzip header, then garbage", path, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7}, true,
                List.of("gzip")), false);
        run(new Case(route, "gzip of a null body", path, gzip(bytes("null")), true, List.of()), false);
    }

    /** Every field (one level into objects, and into the first element of arrays) removed, nulled and given bad values. */
    void fieldCases(RouteInfo route, JsonNode sample) {
        String path = fill(route.path());
        for (List<Object> at : fieldPaths(sample, new ArrayList<>())) {
            JsonNode value = get(sample, at);
            String name = String.valueOf(at.get(at.size() - 1) instanceof String s ? s : at.get(at.size() - 2));
            Map<String, JsonNode> mutations = new LinkedHashMap<>();
            mutations.put("null", JSON.nullNode());
            if (!value.isTextual()) mutations.put("\"x\"", TextNode.valueOf("x"));
            if (value.isTextual()) mutations.put("1", JSON.getNodeFactory().numberNode(1));
            if (!value.isBoolean()) mutations.put("true", JSON.getNodeFactory().booleanNode(true));
            if (!value.isObject() && !value.isArray()) mutations.put("{}", JSON.createObjectNode());
            if (!value.isArray()) mutations.put("[1]", JSON.createArrayNode().add(1));
            if (value.isNumber()) {
                for (String raw : List.of("NaN", "Infinity", "-Infinity", "1e308", "-1e308", "9223372036854775808", "-1"))
                    mutations.put(raw, TextNode.valueOf(RAW + raw));
                mutations.put("\"NaN\"", TextNode.valueOf("NaN"));
                mutations.put("\"Infinity\"", TextNode.valueOf("Infinity"));
            }
            String where = pathText(at);
            for (var m : mutations.entrySet()) {
                JsonNode body = set(sample.deepCopy(), at, m.getValue());
                String text = body.toString();
                for (String raw : List.of("NaN", "Infinity", "-Infinity", "1e308", "-1e308", "9223372036854775808", "-1"))
                    text = text.replace("\"" + RAW + raw + "\"", raw);
                boolean mayPass = m.getKey().equals("null") || m.getKey().equals("-1") && NEGATIVE_ONE_VALID.contains(name);
                run(new Case(route, where + "=" + m.getKey(), path, bytes(text), false, List.of(name)), mayPass);
            }
            if (at.get(at.size() - 1) instanceof String) {
                JsonNode removed = remove(sample.deepCopy(), at);
                run(new Case(route, "without " + where, path, bytes(removed.toString()), false, List.of(name)), true);
            }
        }
        JsonNode extra = sample.deepCopy();
        ObjectNode holder = extra.isArray() ? (ObjectNode) extra.get(0) : (ObjectNode) extra;
        holder.put("noSuchField", 1);
        run(new Case(route, "unknown field", path, bytes(extra.toString()), false, List.of("noSuchField")),
                FOREIGN_DOCUMENTS.contains(route.method() + " " + route.path()));
    }

    /**
     * Sends {@code c} and records a finding unless the answer is a 4xx in the error shape whose message
     * names one of {@code c.mustName()} (when a 400) and leaks nothing; a 2xx is accepted when {@code mayPass}.
     */
    void run(Case c, boolean mayPass) {
        cases++;
        HttpResponse<String> r = send(c);
        String label = c.route().method() + " " + c.route().path() + " [" + c.what() + "] -> " + r.statusCode() + " " + shorten(r.body());
        if (r.statusCode() >= 200 && r.statusCode() < 300) {
            if (!mayPass) findings.add(label + ": bad input accepted");
            return;
        }
        if (r.statusCode() < 400 || r.statusCode() >= 500) {
            findings.add(label + ": not a 4xx");
            return;
        }
        JsonNode error;
        try {
            error = JSON.readTree(r.body()).get("error");
        } catch (IOException e) {
            findings.add(label + ": not JSON");
            return;
        }
        if (error == null || !error.path("status").isInt() || error.path("status").asInt() != r.statusCode()
                || error.path("code").asText().isBlank() || error.path("requestId").asText().isBlank()
                || !r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            findings.add(label + ": not the JSON error shape");
            return;
        }
        String message = error.path("message").asText();
        if (message.isBlank() || message.strip().equalsIgnoreCase("bad request")) findings.add(label + ": no message naming the problem");
        for (String leak : LEAKS) if (r.body().contains(leak)) findings.add(label + ": leaks '" + leak + "'");
        if (TYPE_NAME.matcher(message).find()) findings.add(label + ": names a Java type");
        boolean names = c.mustName().isEmpty() || c.mustName().stream().anyMatch(n -> !n.isEmpty() && message.contains(n));
        // a 404 or 409 is about the (valid) rest of the request, e.g. a name registered by an earlier case
        boolean aboutPath = c.what().startsWith("{");
        if ((aboutPath || r.statusCode() != 404 && r.statusCode() != 409) && !names)
            findings.add(label + ": message does not name " + c.mustName());
    }

    HttpResponse<String> send(Case c) {
        String token = switch (c.route().access()) {
            case Access.Anonymous a -> null;
            case Access.AtLeast(Role role) -> switch (role) {
                case VIEWER -> t.viewer;
                case OPERATOR -> t.operator;
                case ADMIN -> t.admin;
            };
        };
        HttpRequest.Builder b = t.request(c.path(), token);
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
        if (c.body() != null) b.header("Content-Type", "application/json");
        if (c.gzip()) b.header("Content-Encoding", "gzip");
        b.method(c.route().method().name(), body);
        return t.send(b.build());
    }

    /** The route's path with every parameter given a value that exists. */
    static String fill(String path) {
        for (String p : matches(PATH_PARAM, path)) path = path.replace("{" + p + "}", known(p));
        return path;
    }

    /** A query that satisfies the route's declared query parameters ({@code ?key=K} becomes {@code ?key=k}). */
    static String validQuery(RouteInfo route) {
        if (route.method() != HttpMethod.GET) return "";
        List<String> params = new ArrayList<>(matches(QUERY_PARAM, route.summary()));
        params.removeAll(List.of("after", "before", "offset", "limit", "mode"));
        StringBuilder q = new StringBuilder();
        for (String p : params) q.append(q.isEmpty() ? "?" : "&").append(p).append("=k");
        return q.toString();
    }

    static List<String> matches(Pattern p, String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) out.add(m.group(1));
        return List.copyOf(out);
    }

    /** The paths (field names and indexes) of every field to mutate. */
    static List<List<Object>> fieldPaths(JsonNode node, List<Object> prefix) {
        List<List<Object>> out = new ArrayList<>();
        if (node.isArray() && !node.isEmpty()) {
            List<Object> first = new ArrayList<>(prefix);
            first.add(0);
            if (node.get(0).isObject() && prefix.size() < 2) out.addAll(fieldPaths(node.get(0), first));
            else if (!prefix.isEmpty()) out.add(first);
        } else if (node.isObject()) {
            for (var it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                List<Object> at = new ArrayList<>(prefix);
                at.add(f);
                out.add(at);
                JsonNode child = node.get(f);
                if ((child.isObject() || child.isArray()) && prefix.size() < 2 && !f.equals("config")) out.addAll(fieldPaths(child, at));
            }
        }
        return out;
    }

    static JsonNode get(JsonNode root, List<Object> at) {
        JsonNode n = root;
        for (Object k : at) n = k instanceof String s ? n.get(s) : n.get((Integer) k);
        return n;
    }

    static JsonNode set(JsonNode root, List<Object> at, JsonNode value) {
        JsonNode parent = get(root, at.subList(0, at.size() - 1));
        Object last = at.get(at.size() - 1);
        if (last instanceof String s) ((ObjectNode) parent).set(s, value);
        else ((ArrayNode) parent).set((Integer) last, value);
        return root;
    }

    static JsonNode remove(JsonNode root, List<Object> at) {
        ((ObjectNode) get(root, at.subList(0, at.size() - 1))).remove((String) at.get(at.size() - 1));
        return root;
    }

    static String pathText(List<Object> at) {
        StringBuilder b = new StringBuilder();
        for (Object k : at) b.append(k instanceof String s ? (b.isEmpty() ? "" : ".") + s : "[" + k + "]");
        return b.toString();
    }

    static JsonNode node(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode obj(String json) {
        return (ObjectNode) node(json);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
    static byte[] gzip(byte[] data) {
        return dev.assay.core.testing.TestFiles.gzip(data);
    }

    static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
