package dev.assay.cli.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import dev.assay.llm.score.Calibration;
import dev.assay.llm.score.QualityCheck;
import dev.assay.llm.score.QualityVerdict;
import dev.assay.llm.score.TokenReport;
import dev.assay.llm.score.TokenScorer;
import dev.assay.llm.score.TokenScores;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatClientConfig;
import dev.assay.models.chat.ChatException;
import dev.assay.models.chat.ChatMessage;
import dev.assay.models.chat.ChatRequest;
import dev.assay.models.chat.ChatResponse;
import dev.assay.models.chat.InvalidRequestException;
import dev.assay.models.chat.MeteredChatClient;
import dev.assay.models.chat.PriceTable;
import dev.assay.models.chat.UsageLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay llm ask --url URL --model M [...] PROMPT|-}: one question to a chat model, the answer on stdout. */
@Command(name = "ask", description = {
        "Ask a chat model one question; the answer goes to stdout (as it arrives with",
        "--stream), the token usage and, with --prices, the cost to stderr.",
        "--provider openai speaks the OpenAI-compatible chat/completions API (OpenAI,",
        "vLLM, llama.cpp server, Ollama; --url is the API base, e.g.",
        "http://127.0.0.1:8000/v1); --provider anthropic speaks Anthropic's Messages API",
        "(--url https://api.anthropic.com). The API key is read from the environment",
        "variable --api-key-env names, never from the command line. Calls are retried on",
        "429 (after its Retry-After), 5xx, timeouts and dropped connections, with",
        "jittered exponential backoff; each attempt is cancelled after --timeout.",
        "With --logprobs, the answer is also scored by the token monitor (as 'assay llm",
        "score' does) and its summary goes to stderr: perplexity exp(mean NLL), the mean",
        "of 1/p, the largest token and window surprisal, the cumulative surprise and, with",
        "K >= 1, the entropy bounds; with --calibration, the quality check's verdict too.",
        "--json adds the summary as \"score\"."},
        footer = {ExitCodes.EXAMPLE,
                "  assay llm ask --url http://127.0.0.1:8080/v1 --model local --stream \\",
                "      --max-tokens 200 'Write a haiku about rivers.'",
                "  OPENAI_API_KEY=... assay llm ask --url https://api.openai.com/v1 \\",
                "      --model gpt-4o-mini --logprobs 3 --json 'Capital of France?'",
                "  assay llm ask --url http://127.0.0.1:8080/v1 --model local --logprobs 5 \\",
                "      --calibration cal.json 'Who won the 2008 Tour de France?'",
                "  echo 'Summarise: ...' | assay llm ask --provider anthropic \\",
                "      --url https://api.anthropic.com --model claude-3-5-haiku-20241022 -",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  1   the provider failed: unreachable, an error status, a malformed answer",
                "      (log-probabilities that cannot be scored included), rate limited,",
                "      timed out or circuit open (a quality check's FAIL is reported, exit 0)",
                "  2   bad usage or input (a request the provider cannot take, a prompt over",
                "      the size limit): one line on stderr says what",
                ExitCodes.HELP_INTERNAL})
public final class AskCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest prompt read from standard input, in bytes. */
    static final int MAX_STDIN = 4 << 20;

    /** The API a provider speaks. */
    public enum Provider { openai, anthropic }

    @Parameters(index = "0", paramLabel = "PROMPT|-", description = "The question (the user message); - reads it from standard input")
    String prompt;

    @Option(names = "--url", paramLabel = "URL", required = true, description = "The API's base URL")
    String url;

    @Option(names = "--provider", paramLabel = "NAME", defaultValue = "openai", description = "openai (chat/completions) or anthropic (Messages API)")
    Provider provider;

    @Option(names = "--model", paramLabel = "M", required = true, description = "The model name the provider knows")
    String model;

    @Option(names = "--api-key-env", paramLabel = "VAR",
            description = "Environment variable holding the API key (OPENAI_API_KEY or ANTHROPIC_API_KEY by provider; without it set, no key is sent)")
    String apiKeyEnv;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system prompt")
    String system;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Most tokens to generate (Anthropic's API needs one: 1024 when not given)")
    Integer maxTokens;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature (OpenAI: 0 to 2, Anthropic: 0 to 1)")
    Double temperature;

    @Option(names = "--logprobs", paramLabel = "K", description = "Ask for each token's log-probability with its K most likely alternatives "
            + "(0 to " + ChatRequest.MAX_TOP_LOGPROBS + "; OpenAI-compatible only; shown with --json)")
    Integer logprobs;

    @Option(names = "--calibration", paramLabel = "CAL.json", description = "With --logprobs, check the answer against a calibration written by "
            + "'assay llm score --save-calibration' (its window and vocabulary size score the answer)")
    Path calibration;

    @Option(names = "--stream", description = "Print the answer as it is generated")
    boolean stream;

    @Option(names = "--json", description = "Print the whole answer as one JSON object (text, tool calls, finish reason, usage, cost, log-probabilities)")
    boolean json;

    @Option(names = "--prices", paramLabel = "FILE", description = "A price table ({\"currency\": \"USD\", \"as_of\": \"...\", \"models\": "
            + "{\"M\": {\"input\": per-million, \"output\": per-million}}}) to report the call's cost")
    Path prices;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", description = "Time limit of one attempt, the whole stream with --stream")
    double timeoutSeconds;

    @Option(names = "--attempts", paramLabel = "N", defaultValue = "" + ChatClientConfig.DEFAULT_MAX_ATTEMPTS, description = "Attempts per call, the first included")
    int attempts;

    @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "300", description = "Longest the whole call takes, every attempt "
            + "and wait between attempts included; an attempt's time limit is cut to what is left")
    double deadlineSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        if (prompt.isBlank()) throw usage("the prompt is empty");
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600)) throw usage("--timeout must be in (0, 3600] seconds, but was " + timeoutSeconds);
        if (!(deadlineSeconds > 0 && deadlineSeconds <= 86_400)) throw usage("--deadline must be in (0, 86400] seconds, but was " + deadlineSeconds);
        if (calibration != null && logprobs == null)
            throw usage("--calibration needs --logprobs (the quality check reads the answer's log-probabilities)");
        Calibration cal = calibration == null ? null : Calibration.read(calibration);
        String keyVariable = apiKeyEnv != null ? apiKeyEnv : provider == Provider.anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";
        String key = ctx.env().get(keyVariable);
        if (apiKeyEnv != null && (key == null || key.isBlank())) throw usage("the environment variable " + apiKeyEnv + " (--api-key-env) is not set");
        URI base;
        try {
            base = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw usage("--url is not a URL: " + e.getMessage());
        }
        ChatClientConfig config = ChatClientConfig.defaults(base).withTimeout(Duration.ofMillis(Math.round(timeoutSeconds * 1000)))
                .withRetry(attempts, ChatClientConfig.DEFAULT_INITIAL_BACKOFF, ChatClientConfig.DEFAULT_MAX_BACKOFF)
                .withDeadline(Duration.ofMillis(Math.max(1, Math.round(deadlineSeconds * 1000))));
        if (key != null && !key.isBlank()) config = config.withApiKey(key.strip());
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) messages.add(ChatMessage.system(system));
        messages.add(ChatMessage.user(prompt.equals("-") ? stdin() : prompt));
        ChatRequest request = new ChatRequest(model, messages, Optional.ofNullable(temperature),
                maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens), OptionalLong.empty(), logprobs != null,
                logprobs == null ? OptionalInt.empty() : OptionalInt.of(logprobs));
        PriceTable table = prices == null ? PriceTable.empty() : PriceTable.read(prices);
        UsageLedger ledger = new UsageLedger(ctx.clock());
        PrintWriter out = ctx.out();
        ChatResponse answer;
        ChatClient inner = provider == Provider.anthropic ? ChatClient.anthropic(config) : ChatClient.openAi(config);
        try (ChatClient client = new MeteredChatClient(inner, "cli", table, ledger, Optional.empty(), MeteredChatClient.DEFAULT_MAX_TOKENS_CAP)) {
            if (stream && !json) {
                answer = client.stream(request, delta -> {
                    out.print(delta);
                    out.flush();
                });
            } else {
                answer = stream ? client.stream(request, delta -> {}) : client.complete(request);
            }
        } catch (InvalidRequestException refused) {
            throw new InvalidInputException(refused.getMessage());
        } catch (ChatException failed) {
            out.flush();
            ctx.err().println("assay: " + oneLine(failed.getMessage()));
            ctx.err().flush();
            return ExitCodes.CHECK_FAILED;
        }
        UsageLedger.Entry entry = ledger.entries().getLast();
        Scored scored = null;
        String unscorable = null;
        if (logprobs != null && !answer.logprobs().isEmpty()) {
            try {
                scored = Scored.of(answer, cal);
            } catch (InvalidInputException bad) {
                unscorable = "the answer's log-probabilities cannot be scored: " + oneLine(bad.getMessage());
            }
        }
        if (json) {
            ObjectNode n = toJson(answer, entry, table);
            if (scored != null) n.set("score", scored.toJson());
            else n.putNull("score");
            out.println(JSON.writeValueAsString(n));
        } else {
            if (!stream) out.print(answer.content());
            if (!answer.content().isEmpty() && !answer.content().endsWith("\n")) out.println();
            for (ChatResponse.ToolCall c : answer.toolCalls()) out.println("tool call " + c.name() + " " + c.arguments());
        }
        out.flush();
        ctx.err().println(usageLine(answer, entry, table));
        if (scored != null) scored.lines().forEach(l -> ctx.err().println("assay: " + l));
        else if (logprobs != null && unscorable == null)
            ctx.err().println("assay: the provider returned no log-probabilities, so the answer is not scored");
        if (unscorable != null) ctx.err().println("assay: " + unscorable);
        ctx.err().flush();
        return unscorable != null ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    /** The token monitor's report on an answer, and the quality check's verdict when a calibration was given. */
    private record Scored(TokenReport report, QualityVerdict verdict) {
        static Scored of(ChatResponse answer, Calibration calibration) {
            TokenScorer scorer = calibration == null ? TokenScorer.defaults() : TokenScorer.of(calibration.scorerConfig());
            TokenReport r = scorer.score(TokenScores.of(answer));
            return new Scored(r, calibration == null ? null : QualityCheck.of(calibration).check(r));
        }

        /** The summary as {@code assay llm score} names its figures (surprisal in nats). */
        List<String> lines() {
            TokenReport r = report;
            String entropy = r.hasEntropy() ? String.format(Locale.ROOT, ", entropy %.3f..%.3f", r.entropy().meanLower(), r.entropy().meanUpper()) : "";
            List<String> out = new ArrayList<>();
            out.add(String.format(Locale.ROOT, "score: %d tokens, perplexity %.4f, mean 1/p %.4g, max surprisal %.3f, max window %.3f (%d tokens),"
                    + " total surprisal %.2f nats%s", r.tokens(), r.perplexity(), r.meanInverseProbability(), r.maxSurprisal(), r.maxWindowSurprisal(),
                    r.window(), r.totalSurprisal(), entropy));
            if (verdict != null)
                out.add("quality: " + verdict.status() + (verdict.passed() ? "" : " (" + String.join("; ", verdict.reasons()) + ")") + ", calibration "
                        + verdict.calibrationVersion().substring(0, Math.min(12, verdict.calibrationVersion().length())));
            return out;
        }

        ObjectNode toJson() {
            ObjectNode n = JSON.createObjectNode();
            n.set("report", report.toJson(false));
            if (verdict != null) n.set("quality", verdict.toJson());
            else n.putNull("quality");
            return n;
        }
    }

    private static String usageLine(ChatResponse answer, UsageLedger.Entry entry, PriceTable table) {
        String tokens = answer.usage().isEmpty() ? "usage not reported"
                : String.format(Locale.ROOT, "%d prompt + %d completion tokens", entry.inputTokens(), entry.outputTokens());
        String cost = entry.priced() ? String.format(Locale.ROOT, "cost %.6f %s", entry.cost(), table.currency())
                + (answer.usage().isEmpty() ? " (worst case: no usage reported)" : "")
                : "cost unknown (no price for " + entry.model() + (table.prices().isEmpty() ? "; see --prices" : "") + ")";
        String by = answer.model().isEmpty() ? "" : " by " + answer.model();
        String finish = answer.finishReason().isEmpty() ? "" : ", finish " + answer.finishReason();
        return "assay: " + tokens + ", " + cost + by + finish;
    }

    private static ObjectNode toJson(ChatResponse a, UsageLedger.Entry entry, PriceTable table) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", a.id()).put("model", a.model()).put("content", a.content()).put("finish_reason", a.finishReason());
        ArrayNode calls = n.putArray("tool_calls");
        for (ChatResponse.ToolCall c : a.toolCalls()) calls.addObject().put("id", c.id()).put("name", c.name()).put("arguments", c.arguments());
        a.usage().ifPresentOrElse(u -> n.putObject("usage").put("prompt_tokens", u.promptTokens()).put("completion_tokens", u.completionTokens())
                .put("total_tokens", u.totalTokens()), () -> n.putNull("usage"));
        if (entry.priced()) n.putObject("cost").put("amount", entry.cost()).put("currency", table.currency()).put("estimated", entry.estimated());
        else n.putNull("cost");
        ArrayNode lp = n.putArray("logprobs");
        for (ChatResponse.TokenLogprob t : a.logprobs()) {
            ObjectNode o = lp.addObject().put("token", t.token()).put("logprob", t.logprob());
            ArrayNode top = o.putArray("top_logprobs");
            for (ChatResponse.Alternative alt : t.top()) top.addObject().put("token", alt.token()).put("logprob", alt.logprob());
        }
        return n;
    }

    private static String stdin() throws IOException {
        InputStream in = System.in;
        byte[] bytes = in.readNBytes(MAX_STDIN + 1);
        if (bytes.length > MAX_STDIN) throw new InvalidInputException("the prompt on standard input is larger than " + MAX_STDIN + " bytes");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("the prompt on standard input is not UTF-8 text");
        }
        if (text.isBlank()) throw new InvalidInputException("the prompt on standard input is empty");
        return text;
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
