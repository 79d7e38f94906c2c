package dev.assay.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.monitor.Ingested;
import dev.assay.core.monitor.Monitors;
import dev.assay.llm.monitor.TokenMonitorKind;
import dev.assay.llm.score.ScoreInputException;
import dev.assay.core.auth.Role;
import dev.assay.llm.health.LlmHealth;
import dev.assay.llm.mushroom.MushroomRecord;
import dev.assay.models.chat.ChatMessage;
import dev.assay.models.chat.ChatRequest;
import dev.assay.models.chat.ChatResponse;
import dev.assay.models.chat.MeteredChatClient;
import dev.assay.models.chat.UsageLedger;
import dev.assay.llm.mushroom.SoftSpan;
import dev.assay.llm.mushroom.Span;
import dev.assay.llm.score.Calibration;
import dev.assay.llm.score.QualityCheck;
import dev.assay.llm.score.QualityVerdict;
import dev.assay.llm.score.ScoreCache;
import dev.assay.llm.score.ScoreInputs;
import dev.assay.llm.score.TokenReport;
import dev.assay.llm.score.TokenScorer;
import dev.assay.llm.spans.Prediction;
import dev.assay.llm.spans.SpanDetector;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.DashboardView;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The LLM output monitor over HTTP. {@code POST /api/v1/llm/score} scores one generation (an OpenAI-compatible chat
 * completion response with {@code logprobs}, or a Mu-SHROOM record): the token statistics, the quality check's verdict
 * when the service has a calibration, and the spans of the text most likely to be hallucinated, with their character
 * offsets (code points). {@code GET /api/v1/llm/stats} gives the responses scored since the start, how many failed the
 * check, the distribution of recent perplexities and the latest failures, the cost of the last 24 hours by hour and the
 * circuit breakers' states, which the dashboard's {@code llm} page shows. {@code POST /api/v1/llm/chat} proxies a chat
 * completion to the configured model ({@link #proxy}) and scores its answer; {@code GET /api/v1/llm/health} reports
 * {@link LlmHealth}.
 *
 * <p>With {@link #monitors}, every generation scored or proxied is also an observation of its model's token drift
 * monitor ({@code llm.tokens/<model>}, defined through {@link LlmMonitorModule}) when there is an active one: its
 * perplexity, timed by the module's clock. The model is the {@code ?model=} of /score, else the body's {@code model}
 * (chat completion) or {@code model_id} (Mu-SHROOM); for the proxy, the model asked for. A generation that cannot be
 * scored ({@link ScoreInputException}: raw logits, tokens that do not spell the text) is a 400 on /score whose error
 * carries its {@code problem}, and on the proxy an answer with {@code score: null}, the reason and {@code scoreProblem}
 * (the caller paid for the answer, which may be fine; its log probabilities are not those of its text); neither feeds a
 * monitor.
 */
public final class LlmModule implements ApiModule {
    public static final String SCORE = "/api/v1/llm/score";
    public static final String STATS = "/api/v1/llm/stats";
    public static final String CHAT = "/api/v1/llm/chat";
    public static final String HEALTH = "/api/v1/llm/health";
    /** Hourly cost buckets in the stats. */
    static final int HOURS = 24;
    /** The fields of a chat request the proxy takes. */
    static final List<String> CHAT_FIELDS = List.of("model", "messages", "max_tokens", "temperature", "agent", "stream");
    private static final java.util.regex.Pattern AGENT = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** Perplexities kept for the distribution. */
    static final int RECENT = 1000;
    /** Failed responses kept for the page. */
    static final int FAILURES = 20;
    /** Bins of the perplexity histogram (log-spaced from the smallest to the largest recent value). */
    static final int BINS = 12;

    /** Reads the body as the scorer does: NaN and infinities parse, so that the checks can name the field that holds them. */
    private static final ObjectMapper JSON = ScoreInputs.JSON;

    private final ScoreCache cache;
    private final SpanDetector spans;
    private final Calibration calibration;
    private final Counter passed;
    private final Counter failed;
    private final Counter unchecked;
    private final DistributionSummary perplexity;
    private final Deque<Double> recent = new ArrayDeque<>();
    private final Deque<ObjectNode> failures = new ArrayDeque<>();
    private long scored;
    private final MeterRegistry meters;
    private volatile LlmUpstream upstream;
    private volatile LlmHealth health;
    private volatile Feed feed;

    /** Where scored generations go as observations, and the clock that times them. */
    private record Feed(Monitors monitors, java.time.Clock clock) {}

    /** The module scoring with {@code calibration}'s window and vocabulary when there is one, else the defaults. */
    public LlmModule(Optional<Calibration> calibration, SpanDetector spans, MeterRegistry meters) {
        this.calibration = calibration.orElse(null);
        TokenScorer scorer = this.calibration == null ? TokenScorer.defaults() : TokenScorer.of(this.calibration.scorerConfig());
        this.cache = this.calibration == null ? ScoreCache.of(scorer, ScoreCache.DEFAULT_MAX_ENTRIES)
                : ScoreCache.of(scorer, QualityCheck.of(this.calibration), ScoreCache.DEFAULT_MAX_ENTRIES);
        this.spans = Objects.requireNonNull(spans, "spans");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.passed = Counter.builder("assay.llm.responses").tag("verdict", "PASS").description("generations scored, by verdict").register(meters);
        this.failed = Counter.builder("assay.llm.responses").tag("verdict", "FAIL").description("generations scored, by verdict").register(meters);
        this.unchecked = Counter.builder("assay.llm.responses").tag("verdict", "UNCHECKED").description("generations scored, by verdict")
                .register(meters);
        this.perplexity = DistributionSummary.builder("assay.llm.perplexity").description("perplexity exp(mean NLL) of scored generations")
                .publishPercentiles(0.5, 0.9, 0.99).register(meters);
    }

    /** Forwards {@code POST /api/v1/llm/chat} to {@code upstream}; without it the route answers 503 (no model configured). */
    public LlmModule proxy(LlmUpstream upstream) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        return this;
    }

    /**
     * Feeds every scored or proxied generation to its model's active token drift monitor in {@code monitors} (which
     * must know {@link TokenMonitorKind}), timed by {@code clock}.
     */
    public LlmModule monitors(Monitors monitors, java.time.Clock clock) {
        Objects.requireNonNull(monitors, "monitors").kind(TokenMonitorKind.NAME);
        this.feed = new Feed(monitors, Objects.requireNonNull(clock, "clock"));
        return this;
    }

    /** Reports {@code health} at {@code GET /api/v1/llm/health} and tells it each verdict; without it that route answers 503. */
    public LlmModule health(LlmHealth health) {
        this.health = Objects.requireNonNull(health, "health");
        return this;
    }

    @Override
    public String name() {
        return "llm";
    }

    @Override
    public List<DashboardView> views() {
        return List.of(new DashboardView("llm", "LLM outputs", "views/llm.js", 60));
    }

    @Override
    public void register(Routes routes) {
        routes.post(SCORE, Access.atLeast(Role.VIEWER),
                "Score one generation: the body is an OpenAI-compatible chat completion response with choices[0].logprobs.content "
                        + "(request logprobs, and top_logprobs for entropy), or a Mu-SHROOM record with log-probabilities; answers the "
                        + "token statistics (perplexity exp(mean NLL), the mean of 1/p, surprisal maxima and windows, entropy bounds), the "
                        + "quality check's verdict when the service has a calibration (null without), and the spans most likely to be "
                        + "hallucinated (hard spans and soft probabilities, code-point offsets into the text). ?values=logprobs says a "
                        + "Mu-SHROOM record's values are log-probabilities (default auto: read as such only when plausible, else refused as "
                        + "raw logits); ?model= names the model whose token drift monitor the generation feeds (default: the body's model "
                        + "or model_id), and monitor says whether it fed one. A generation that cannot be scored is a 400 whose error has "
                        + "a problem: raw_logits, or token_text_mismatch (the tokens do not spell message.content; the message names "
                        + "the first character where they differ)",
                this::score);
        routes.get(STATS, Access.atLeast(Role.VIEWER),
                "Generations scored since the start by verdict, the distribution of the recent " + RECENT + " perplexities, and the "
                        + "latest " + FAILURES + " that failed the quality check",
                this::stats);
        routes.post(CHAT, Access.atLeast(Role.OPERATOR),
                "Proxy one chat completion to the configured model while monitoring it (operator: it spends money). The body is an "
                        + "OpenAI-style request {model?, messages: [{role, content}], max_tokens?, temperature?, agent?, stream?}; the call goes through "
                        + "the client's retries, rate limit, circuit breaker and the hourly budget, charged under agent (default proxy), "
                        + "with logprobs and top_logprobs 5 when the provider gives them. Answers {response: {id, model, content, "
                        + "finishReason, usage}, cost, score (as /score answers, or null with scoreReason, and scoreProblem when the "
                        + "answer's log probabilities cannot be scored: token_text_mismatch)}; a scored answer feeds the token drift monitor "
                        + "of the model asked for, when there is one. Errors: 400 a request the "
                        + "provider cannot take, 429 over the hourly budget or rate limited (Retry-After), 503 circuit open (Retry-After) "
                        + "or no model configured, 504 no answer in time, 502 the provider failed. With stream: true the answer is a "
                        + "text/event-stream: an event 'delta' {content} for each piece of text as the model generates it, then one "
                        + "'result' holding the answer above; a failure before the first piece is answered with its status as above, "
                        + "one after it is an event 'error' holding the error body",
                this::chat);
        routes.get(HEALTH, Access.atLeast(Role.VIEWER),
                "Health of the model client (per provider), the hourly budget and the output monitor (HEALTHY, DEGRADED or UNHEALTHY "
                        + "with reasons), the overall status, and the alert rules now active",
                this::healthReport);
    }

    private void chat(Context ctx) throws java.io.IOException {
        byte[] bytes = Requests.decodedBody(ctx);
        if (bytes.length == 0) throw new InvalidInputException("the body must be a chat request {model, messages, max_tokens?, temperature?, agent?}");
        JsonNode body = JSON.readTree(bytes); // NaN and infinities parse, so the checks below name the field holding one
        if (body == null || !body.isObject())
            throw new InvalidInputException("the body must be a JSON object {model, messages, max_tokens?, temperature?, agent?}");
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!CHAT_FIELDS.contains(f)) throw new InvalidInputException("unknown field '" + f + "'; a chat request takes " + String.join(", ", CHAT_FIELDS));
        }
        Optional<String> model = optionalText(body, "model");
        List<ChatMessage> messages = messages(body.get("messages"));
        java.util.OptionalInt maxTokens = java.util.OptionalInt.empty();
        JsonNode mt = body.get("max_tokens");
        if (mt != null && !mt.isNull()) {
            if (!mt.isIntegralNumber() || !mt.canConvertToInt() || mt.asInt() < 1)
                throw new InvalidInputException("max_tokens must be a whole number of at least 1");
            maxTokens = java.util.OptionalInt.of(mt.asInt());
        }
        Optional<Double> temperature = Optional.empty();
        JsonNode t = body.get("temperature");
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || !Double.isFinite(t.asDouble()) || !(t.asDouble() >= 0 && t.asDouble() <= ChatRequest.MAX_TEMPERATURE))
                throw new InvalidInputException("temperature must be a number in [0, " + (int) ChatRequest.MAX_TEMPERATURE + "]");
            temperature = Optional.of(t.asDouble());
        }
        boolean stream = false;
        JsonNode st = body.get("stream");
        if (st != null && !st.isNull()) {
            if (!st.isBoolean()) throw new InvalidInputException("stream must be true or false");
            stream = st.asBoolean();
        }
        String agent = optionalText(body, "agent").orElse(LlmUpstream.DEFAULT_AGENT);
        if (!AGENT.matcher(agent).matches()) throw new InvalidInputException("agent must be 1 to 64 of letters, digits and . _ : -, but was '" + agent + "'");
        LlmUpstream up = upstream;
        if (up == null)
            throw new io.javalin.http.ServiceUnavailableResponse("no model configured: set llm.provider and llm.model (and llm.baseUrl, "
                    + "llm.apiKeyEnv) in the configuration to proxy chat completions");
        ChatRequest request = new ChatRequest(model.orElse(up.model()), messages, temperature, maxTokens, java.util.OptionalLong.empty(), false,
                java.util.OptionalInt.empty());
        if (up.logprobs()) request = request.withLogprobs(LlmUpstream.TOP_LOGPROBS);
        MeteredChatClient metered = up.metered(agent);
        dev.assay.models.chat.ChatClient observed = up.metrics().observe(metered, up.provider());
        if (!stream) {
            ctx.json(answer(observed.complete(request), request, up, metered));
            return;
        }
        EventStream events = new EventStream(ctx);
        ChatResponse r;
        try {
            r = observed.stream(request, delta -> events.send("delta", JsonNodeFactory.instance.objectNode().put("content", delta)));
        } catch (EventStream.Gone gone) {
            return; // the caller went away: the upstream exchange was cancelled, nothing is left to tell
        } catch (dev.assay.models.chat.ChatException e) {
            if (!events.started()) throw e;
            events.sendIfOpen("error", dev.assay.server.ErrorResponses.envelope(ctx, dev.assay.server.ErrorResponses.status(e), e.getMessage()));
            return;
        }
        events.sendIfOpen("result", answer(r, request, up, metered));
    }

    /** The proxy's answer: the response, its cost and its score. */
    private ObjectNode answer(ChatResponse r, ChatRequest request, LlmUpstream up, MeteredChatClient metered) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode resp = out.putObject("response");
        resp.put("id", r.id());
        resp.put("model", r.model().isEmpty() ? request.model() : r.model());
        resp.put("provider", up.provider());
        resp.put("content", r.content());
        resp.put("finishReason", r.finishReason());
        r.usage().ifPresentOrElse(u -> resp.putObject("usage").put("promptTokens", u.promptTokens()).put("completionTokens", u.completionTokens())
                .put("totalTokens", u.totalTokens()), () -> resp.putNull("usage"));
        ArrayNode tools = resp.putArray("toolCalls");
        for (ChatResponse.ToolCall c : r.toolCalls()) tools.addObject().put("id", c.id()).put("name", c.name()).put("arguments", c.arguments());
        metered.lastEntry().ifPresentOrElse(e -> out.putObject("cost").put("amount", e.cost()).put("currency", metered.currency())
                .put("priced", e.priced()).put("estimated", e.estimated()).put("agent", e.agent()).put("inputTokens", e.inputTokens())
                .put("outputTokens", e.outputTokens()), () -> out.putNull("cost"));
        if (r.logprobs().isEmpty()) {
            out.putNull("score");
            out.put("scoreReason", up.logprobs() ? "the provider returned no log probabilities, so the answer cannot be scored"
                    : "the " + up.provider() + " API gives no log probabilities, so the answer cannot be scored");
        } else {
            try {
                out.set("score", scoreText(completion(r, request.model()).toString(), ScoreInputs.Values.AUTO, Optional.of(request.model())));
            } catch (ScoreInputException bad) {
                out.putNull("score");
                out.put("scoreReason", "the answer's log probabilities could not be scored: " + bad.getMessage());
                out.put("scoreProblem", bad.problem().label());
            } catch (InvalidInputException bad) {
                out.putNull("score");
                out.put("scoreReason", "the answer's log probabilities could not be scored: " + bad.getMessage());
            }
        }
        return out;
    }

    private static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isTextual() || v.asText().isBlank()) throw new InvalidInputException(field + " must be a non-empty string");
        return Optional.of(v.asText());
    }

    private static List<ChatMessage> messages(JsonNode n) {
        if (n == null || n.isNull()) throw new InvalidInputException("messages is required: an array of {role, content}");
        if (!n.isArray() || n.isEmpty()) throw new InvalidInputException("messages must be a non-empty array of {role, content}");
        List<ChatMessage> out = new java.util.ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode m = n.get(i);
            String at = "messages[" + i + "]";
            if (!m.isObject()) throw new InvalidInputException(at + " must be an object {role, content}");
            for (var it = m.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("role") && !f.equals("content")) throw new InvalidInputException(at + ": unknown field '" + f + "'; a message takes role and content");
            }
            JsonNode role = m.get("role");
            JsonNode content = m.get("content");
            if (role == null || !role.isTextual()) throw new InvalidInputException(at + ".role must be a string: system, developer, user or assistant");
            if (content == null || !content.isTextual()) throw new InvalidInputException(at + ".content must be a string");
            try {
                out.add(new ChatMessage(role.asText(), content.asText()));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(at + ".role: " + e.getMessage());
            }
        }
        return out;
    }

    /** {@code r} as an OpenAI chat completion response with its log probabilities, the shape /score reads. */
    static ObjectNode completion(ChatResponse r, String model) {
        ObjectNode c = JsonNodeFactory.instance.objectNode().put("id", r.id().isEmpty() ? "chat" : r.id()).put("object", "chat.completion")
                .put("model", r.model().isEmpty() ? model : r.model());
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", r.content());
        ArrayNode content = choice.putObject("logprobs").putArray("content");
        for (ChatResponse.TokenLogprob t : r.logprobs()) {
            ObjectNode o = content.addObject().put("token", t.token()).put("logprob", t.logprob());
            ArrayNode top = o.putArray("top_logprobs");
            for (ChatResponse.Alternative a : t.top()) top.addObject().put("token", a.token()).put("logprob", a.logprob());
        }
        choice.put("finish_reason", r.finishReason());
        return c;
    }

    private void healthReport(Context ctx) {
        LlmHealth h = health;
        if (h == null) throw new io.javalin.http.ServiceUnavailableResponse("the LLM alert rules are not evaluated by this server");
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        List<LlmHealth.Component> components = h.components();
        LlmHealth.Status overall = LlmHealth.Status.HEALTHY;
        for (LlmHealth.Component c : components) if (c.status().compareTo(overall) > 0) overall = c.status();
        out.put("status", overall.name());
        LlmUpstream up = upstream;
        out.put("configured", up != null);
        if (up != null) out.put("provider", up.provider()).put("model", up.model());
        ArrayNode comps = out.putArray("components");
        for (LlmHealth.Component c : components) {
            ObjectNode o = comps.addObject().put("name", c.name()).put("status", c.status().name());
            ArrayNode reasons = o.putArray("reasons");
            c.reasons().forEach(reasons::add);
        }
        ArrayNode alerts = out.putArray("alerts");
        for (LlmHealth.Active a : h.active())
            alerts.addObject().put("rule", a.rule().label()).put("subject", a.subject()).put("severity", a.severity().name())
                    .put("since", a.since().toString()).put("title", a.title()).put("detail", a.detail());
        ArrayNode rules = out.putArray("rules");
        LlmHealth.rules().forEach(rules::add);
        ctx.json(out);
    }

    private void score(Context ctx) {
        String body = new String(Requests.decodedBody(ctx), StandardCharsets.UTF_8);
        String v = ctx.queryParam("values");
        ScoreInputs.Values values = v == null ? ScoreInputs.Values.AUTO : ScoreInputs.Values.parse(v, "query parameter values");
        String model = ctx.queryParam("model");
        if (model != null && model.isBlank()) throw new InvalidInputException("query parameter model must not be empty");
        if (body.isBlank()) throw new InvalidInputException("the body must be a chat completion response or a Mu-SHROOM record, as JSON");
        try {
            ctx.json(scoreText(body, values, Optional.ofNullable(model)));
        } catch (ScoreInputException e) {
            ObjectNode error = dev.assay.server.ErrorResponses.envelope(ctx, 400, e.getMessage());
            ((ObjectNode) error.get("error")).put("problem", e.problem().label());
            ctx.status(400).json(error);
        }
    }

    /**
     * Scores one generation (the body of /score), records it in the stats and feeds it to its model's token monitor:
     * {@code model} when given, else the body's.
     */
    private ObjectNode scoreText(String body, ScoreInputs.Values values, Optional<String> model) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException("body: not valid JSON");
        }
        ScoreInputs.Input in;
        try {
            in = ScoreInputs.parse(node, 1, "body", values);
        } catch (ScoreInputException e) {
            Counter.builder("assay.llm.unscorable").tag("problem", e.problem().label())
                    .description("generations refused because their scores would not mean what the statistics assume").register(meters).increment();
            throw e;
        }
        if (in.format() == ScoreInputs.Format.CHAT_COMPLETION) checkCompletion(node);
        String text = text(node, in);
        ScoreCache.Scored s = cache.score(in.scores());
        TokenReport report = s.report();
        double[] logprobs = in.scores().logprobs();
        Prediction p = spans.predict(new MushroomRecord(in.id(), "", "", text, node.path("model").asText(""), in.scores().tokens(), logprobs,
                List.of(), List.of(), false, "body"));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", in.id());
        out.put("format", in.format().name());
        out.put("text", text);
        out.set("report", report.toJson(false));
        s.verdict().ifPresentOrElse(v -> out.set("verdict", verdict(v)), () -> out.putNull("verdict"));
        out.put("calibrated", calibration != null);
        ObjectNode sp = out.putObject("spans");
        ArrayNode hard = sp.putArray("hard");
        for (Span h : p.hardLabels()) hard.addArray().add(h.start()).add(h.end());
        ArrayNode soft = sp.putArray("soft");
        for (SoftSpan x : p.softLabels()) soft.addObject().put("start", x.start()).put("end", x.end()).put("prob", Math.round(x.prob() * 1000) / 1000.0);
        sp.put("alignedChars", p.alignedChars());
        record(in.id(), report, s.verdict(), text, hard);
        LlmHealth h = health;
        if (h != null) s.verdict().ifPresent(v -> h.recordVerdict(v.status() != QualityVerdict.Status.PASS));
        String m = model.orElseGet(() -> node.path("model").isTextual() ? node.get("model").asText()
                : node.path("model_id").isTextual() ? node.get("model_id").asText() : "");
        ObjectNode fed = m.isEmpty() ? null : feed(m, report);
        if (fed == null) out.putNull("monitor");
        else out.set("monitor", fed);
        return out;
    }

    /**
     * Gives {@code report}'s perplexity to the active token monitor of {@code model}: what happened, or null when the
     * model has none (or the service feeds none). A perplexity beyond the largest double is given as that double: the
     * drift test uses ranks only. A store that fails does not lose the caller's score: the answer says it was not fed.
     */
    private ObjectNode feed(String model, TokenReport report) {
        Feed f = feed;
        if (f == null) return null;
        String id = TokenMonitorKind.id(model);
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("id", id).put("model", model);
        double perplexity = Math.min(report.perplexity(), Double.MAX_VALUE);
        try {
            Ingested in = f.monitors().ingest(id, List.of(TokenMonitorKind.observation(f.clock().instant(), perplexity)));
            out.put("fed", in.accepted() == 1);
            if (in.accepted() != 1) out.put("reason", "the monitor's window for this time has closed (before " + in.closedUntil() + ")");
            else out.put("pending", in.pending());
        } catch (NotFoundException none) {
            return null;
        } catch (ConflictException stopped) {
            out.put("fed", false).put("reason", "the monitor is stopped");
        } catch (InvalidInputException bad) {
            out.put("fed", false).put("reason", bad.getMessage());
        } catch (RuntimeException failed) {
            org.slf4j.LoggerFactory.getLogger(LlmModule.class).warn("a scored generation could not be given to token monitor {}", id, failed);
            out.put("fed", false).put("reason", "the observation could not be stored; the monitor did not see this generation");
        }
        return out;
    }

    /**
     * The chat completion fields this route reads or reports, checked against the OpenAI schema's types (fields it does
     * not know are ignored, as a provider may add them): {@code id}, {@code object}, {@code model} strings, {@code
     * created} an integer, {@code choices[0]} with a non-negative integer {@code index}, a string or null
     * {@code finish_reason}, a {@code message} object whose {@code role} is a string and {@code content} a string or null.
     */
    static void checkCompletion(JsonNode node) {
        for (String f : List.of("id", "object", "model")) {
            JsonNode v = node.get(f);
            if (v != null && !v.isNull() && !v.isTextual()) throw new InvalidInputException(f + " must be a string");
        }
        JsonNode created = node.get("created");
        if (created != null && !created.isNull() && !(created.isIntegralNumber() && created.canConvertToLong() && created.asLong() >= 0))
            throw new InvalidInputException("created must be a non-negative integer (seconds since 1970)");
        JsonNode choice = node.path("choices").path(0);
        JsonNode index = choice.get("index");
        if (index != null && !index.isNull() && !(index.isIntegralNumber() && index.canConvertToInt() && index.asInt() >= 0))
            throw new InvalidInputException("choices[0].index must be a non-negative integer");
        JsonNode finish = choice.get("finish_reason");
        if (finish != null && !finish.isNull() && !finish.isTextual()) throw new InvalidInputException("choices[0].finish_reason must be a string");
        JsonNode message = choice.get("message");
        if (message != null && !message.isNull()) {
            if (!message.isObject()) throw new InvalidInputException("choices[0].message must be an object");
            JsonNode role = message.get("role");
            if (role != null && !role.isNull() && !role.isTextual()) throw new InvalidInputException("choices[0].message.role must be a string");
            JsonNode content = message.get("content");
            if (content != null && !content.isNull() && !content.isTextual())
                throw new InvalidInputException("choices[0].message.content must be a string");
        }
    }

    /** The generation's text: the message content or Mu-SHROOM's output text, else the tokens joined. */
    private static String text(JsonNode node, ScoreInputs.Input in) {
        JsonNode content = node.path("choices").path(0).path("message").path("content");
        if (content.isTextual()) return content.asText();
        JsonNode mushroom = node.path("model_output_text");
        if (mushroom.isTextual()) return mushroom.asText();
        return String.join("", in.scores().tokens());
    }

    private static ObjectNode verdict(QualityVerdict v) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("status", v.status().name());
        ArrayNode reasons = o.putArray("reasons");
        v.reasons().forEach(reasons::add);
        o.put("calibrationVersion", v.calibrationVersion());
        return o;
    }

    private synchronized void record(String id, TokenReport report, Optional<QualityVerdict> verdict, String text, ArrayNode hard) {
        scored++;
        perplexity.record(report.perplexity());
        recent.addLast(report.perplexity());
        if (recent.size() > RECENT) recent.removeFirst();
        if (verdict.isEmpty()) {
            unchecked.increment();
        } else if (verdict.get().status() == QualityVerdict.Status.PASS) {
            passed.increment();
        } else {
            failed.increment();
            ObjectNode f = JsonNodeFactory.instance.objectNode();
            f.put("id", id);
            f.put("perplexity", report.perplexity());
            ArrayNode reasons = f.putArray("reasons");
            verdict.get().reasons().forEach(reasons::add);
            f.put("text", text.length() > 2000 ? text.substring(0, text.offsetByCodePoints(0, Math.min(text.codePointCount(0, text.length()), 2000))) : text);
            f.set("hard", hard);
            failures.addFirst(f);
            if (failures.size() > FAILURES) failures.removeLast();
        }
    }

    private synchronized void stats(Context ctx) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("scored", scored);
        out.put("passed", (long) passed.count());
        out.put("failed", (long) failed.count());
        out.put("unchecked", (long) unchecked.count());
        out.put("calibrated", calibration != null);
        if (calibration != null) out.put("calibrationVersion", calibration.version());
        double[] v = recent.stream().mapToDouble(Double::doubleValue).filter(x -> x > 0 && Double.isFinite(x)).toArray();
        ObjectNode dist = out.putObject("perplexity");
        dist.put("count", v.length);
        if (v.length > 0) {
            Arrays.sort(v);
            dist.put("p50", v[(v.length - 1) / 2]);
            dist.put("p90", v[(int) Math.ceil(0.9 * v.length) - 1]);
            dist.put("max", v[v.length - 1]);
            double lo = Math.log(v[0]);
            double hi = Math.log(v[v.length - 1]);
            double width = hi > lo ? (hi - lo) / BINS : 1;
            long[] counts = new long[hi > lo ? BINS : 1];
            for (double x : v) counts[Math.min(counts.length - 1, (int) ((Math.log(x) - lo) / width))]++;
            ArrayNode bins = dist.putArray("bins");
            for (int i = 0; i < counts.length; i++)
                bins.addObject().put("from", Math.exp(lo + i * width)).put("to", Math.exp(lo + (i + 1) * width)).put("count", counts[i]);
        }
        ArrayNode f = out.putArray("failures");
        failures.forEach(f::add);
        LlmUpstream up = upstream;
        out.put("configured", up != null);
        ArrayNode hours = out.putArray("costPerHour");
        ObjectNode breakers = out.putObject("breakers");
        if (up != null) {
            out.put("provider", up.provider()).put("model", up.model()).put("currency", up.prices().currency());
            for (UsageLedger.HourBucket b : up.ledger().hourly(HOURS))
                hours.addObject().put("start", b.start().toString()).put("cost", b.totals().cost()).put("calls", b.totals().calls())
                        .put("inputTokens", b.totals().inputTokens()).put("outputTokens", b.totals().outputTokens());
            up.budget().ifPresent(b -> out.putObject("budget").put("perHour", b.perHour()).put("spentLastHour", b.spentLastHour()));
            up.metrics().circuits().forEach((p, st) -> breakers.put(p, st.name()));
        }
        ctx.json(out);
    }

    /** How many generations this module scored. */
    public synchronized long scored() {
        return scored;
    }
}
