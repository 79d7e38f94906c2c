package dev.assay.models.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streamed answers of both clients over server-sent events from 127.0.0.1: assembly, faults, time limit, retries. */
class ChatStreamTest {
    private static final String GPT = "gpt-4o-mini";
    private static final String CLAUDE = "claude-3-5-haiku-20241022";
    private ReplayServer server;
    private final List<String> deltas = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private ChatClient openAi(int attempts, Duration timeout) {
        server = ReplayServer.start(ReplayServer.resource("/chat/recorded-completions.jsonl"));
        return ChatClient.openAi(ChatClientConfig.defaults(server.baseUrl()).withRetry(attempts, Duration.ofMillis(1), Duration.ofMillis(5))
                .withTimeout(timeout).withRateLimit(1000, Duration.ofSeconds(5)), Clock.systemUTC(), ChatClient.RetryListener.NONE);
    }

    private ChatClient anthropic(int attempts, Duration timeout) {
        server = ReplayServer.start(ReplayServer.resource("/chat/recorded-messages.jsonl"));
        return ChatClient.anthropic(ChatClientConfig.defaults(server.rootUrl()).withRetry(attempts, Duration.ofMillis(1), Duration.ofMillis(5))
                .withTimeout(timeout).withRateLimit(1000, Duration.ofSeconds(5)), Clock.systemUTC(), ChatClient.RetryListener.NONE);
    }

    @Test
    void openAiDeltasArriveInOrderAndTheAnswerIsAssembled() {
        try (ChatClient c = openAi(3, Duration.ofSeconds(10))) {
            ChatResponse whole = c.complete(ChatRequest.of(GPT, "What is the capital of France?"));
            ChatResponse r = c.stream(ChatRequest.of(GPT, "What is the capital of France?"), deltas::add);
            assertThat(deltas).containsExactlyElementsOf(ReplayEvents.pieces("The capital of France is Paris."));
            assertThat(r.content()).isEqualTo(whole.content());
            assertThat(r.id()).isEqualTo("chatcmpl-A1");
            assertThat(r.model()).isEqualTo("gpt-4o-mini-2024-07-18");
            assertThat(r.finishReason()).isEqualTo("stop");
            assertThat(r.usage()).contains(new ChatResponse.Usage(14, 7, 21));
        }
        var sent = server.requests().get(1);
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.get("stream_options").get("include_usage").asBoolean()).isTrue();
    }

    @Test
    void openAiStreamedLogprobsAndToolCallsEqualTheWholeAnswers() {
        try (ChatClient c = openAi(3, Duration.ofSeconds(10))) {
            ChatRequest lp = ChatRequest.of(GPT, "Capital of France, one word.").withLogprobs(2);
            ChatResponse whole = c.complete(lp);
            ChatResponse streamed = c.stream(lp, deltas::add);
            assertThat(deltas).containsExactly("Paris", ".");
            assertThat(streamed.logprobs()).isEqualTo(whole.logprobs()).hasSize(2);
            ChatRequest tool = ChatRequest.of(GPT, "What's the weather in Paris?");
            ChatResponse toolWhole = c.complete(tool);
            ChatResponse toolStreamed = c.stream(tool, deltas::add);
            assertThat(toolStreamed.toolCalls()).isEqualTo(toolWhole.toolCalls()).hasSize(1);
            assertThat(toolStreamed.finishReason()).isEqualTo("tool_calls");
        }
    }

    @Test
    void anthropicDeltasArriveInOrderWithUsageAndToolUse() {
        try (ChatClient c = anthropic(3, Duration.ofSeconds(10))) {
            ChatResponse r = c.stream(ChatRequest.of(CLAUDE, "Write a haiku about rivers."), deltas::add);
            String haiku = "Water carves through stone,\npatient currents shape the land;\nthe sea calls them home.";
            assertThat(deltas).containsExactlyElementsOf(ReplayEvents.pieces(haiku)).hasSizeGreaterThan(5);
            assertThat(r.content()).isEqualTo(haiku);
            assertThat(r.finishReason()).isEqualTo("end_turn");
            assertThat(r.usage()).contains(new ChatResponse.Usage(13, 27, 40));
            assertThat(r.id()).isEqualTo("msg_013Zva2CMHLNnXjNJJKqJ2EF");
            ChatResponse tool = c.stream(ChatRequest.of(CLAUDE, "What's the weather in Paris?"), d -> {});
            assertThat(tool.toolCalls()).isEqualTo(c.complete(ChatRequest.of(CLAUDE, "What's the weather in Paris?")).toolCalls());
            assertThat(tool.content()).isEqualTo("I'll check the current weather in Paris for you.");
        }
        assertThat(server.requests().getFirst().get("stream").asBoolean()).isTrue();
        assertThat(server.header(0, "accept")).isEqualTo("text/event-stream");
    }

    @Test
    void aStreamThatStallsIsCancelledByTheTimeLimitAndNotSentAgainAfterText() throws InterruptedException {
        try (ChatClient c = openAi(3, Duration.ofMillis(400))) {
            server.enqueue(ReplayServer.Fault.eventsThenStall(
                    "data: {\"id\": \"s\", \"choices\": [{\"index\": 0, \"delta\": {\"content\": \"Hel\"}}]}\n\n"));
            ChatTimeoutException e = catchThrowableOfType(ChatTimeoutException.class, () -> c.stream(ChatRequest.of(GPT, "Say hello."), deltas::add));
            assertThat(e.getMessage()).contains("did not finish within PT0.4S").contains("cancelled");
            assertThat(deltas).containsExactly("Hel");
            assertThat(server.awaitStalls(Duration.ofSeconds(15))).isTrue();
            assertThat(server.disconnects()).isEqualTo(1);
            assertThat(server.requests()).hasSize(1); // text was delivered: a retry would deliver it twice
        }
    }

    @Test
    void aStallBeforeAnyTextIsRetried() throws InterruptedException {
        try (ChatClient c = anthropic(2, Duration.ofMillis(400))) {
            server.enqueue(ReplayServer.Fault.eventsThenStall("event: ping\ndata: {\"type\": \"ping\"}\n\n"));
            ChatResponse r = c.stream(ChatRequest.of(CLAUDE, "What is the capital of France?"), deltas::add);
            assertThat(r.content()).isEqualTo("The capital of France is Paris.");
            assertThat(String.join("", deltas)).isEqualTo(r.content());
            assertThat(server.requests()).hasSize(2);
            assertThat(server.awaitStalls(Duration.ofSeconds(15))).isTrue();
            assertThat(server.disconnects()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionDroppedMidStreamIsATypedError() {
        try (ChatClient c = anthropic(3, Duration.ofSeconds(10))) {
            String start = ReplayEvents.anthropic(ReplayServer.resource("/chat/recorded-messages.jsonl").get(2).completion());
            String prefix = start.substring(0, start.indexOf("event: content_block_delta", start.indexOf("event: content_block_delta") + 1));
            server.enqueue(ReplayServer.Fault.eventsThenDrop(prefix));
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> c.stream(ChatRequest.of(CLAUDE, "Write a haiku about rivers."), deltas::add));
            assertThat(e.getMessage()).containsAnyOf("broke after", "ended after").contains(server.rootUrl().toString()).doesNotContain("Exception");
            assertThat(deltas).containsExactly("Water ");
        }
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aStreamEndingWithoutItsEndMarkerIsAnError() {
        try (ChatClient c = openAi(1, Duration.ofSeconds(10))) {
            server.enqueue(ReplayServer.Fault.events("data: {\"id\": \"s\", \"choices\": [{\"index\": 0, \"delta\": {\"content\": \"Hi\"}}]}\n\n"));
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> c.stream(ChatRequest.of(GPT, "Say hello."), deltas::add));
            assertThat(e.getMessage()).contains("ended after 1 events without its end marker");
        }
    }

    @Test
    void malformedEventsAreProviderErrorsNamingTheProblem() {
        try (ChatClient c = openAi(3, Duration.ofSeconds(10))) {
            server.enqueue(ReplayServer.Fault.events("data: {\"choices\": [{\"delta\": {\"content\": \"cut\n\n"));
            server.enqueue(ReplayServer.Fault.events("data: {\"choices\": [{\"delta\": {\"content\": 5}}]}\n\n"));
            server.enqueue(ReplayServer.Fault.events("data: {\"choices\": [{\"delta\": {}, \"logprobs\": {\"content\": [{\"token\": \"a\", \"logprob\": 0.5}]}}]}\n\n"));
            assertThat(catchThrowableOfType(ProviderException.class, () -> c.stream(ChatRequest.of(GPT, "Say hello."), deltas::add)).getMessage())
                    .contains("sent a chunk (1) that is not JSON");
            assertThat(catchThrowableOfType(ProviderException.class, () -> c.stream(ChatRequest.of(GPT, "Say hello."), deltas::add)).getMessage())
                    .contains("'choices[0].delta.content' is not a string");
            assertThat(catchThrowableOfType(ProviderException.class, () -> c.stream(ChatRequest.of(GPT, "Say hello."), deltas::add)).getMessage())
                    .contains("'choices[0].logprobs.content[0].logprob' must be a number <= 0");
            assertThat(server.requests()).hasSize(3); // malformed is not retried
        }
    }

    @Test
    void anthropicStreamErrorsAreTypedAndOverloadIsRetried() {
        try (ChatClient c = anthropic(3, Duration.ofSeconds(10))) {
            server.enqueue(ReplayServer.Fault.events("event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 0, "
                    + "\"delta\": {\"type\": \"text_delta\", \"text\": \"x\"}}\n\n"));
            ProviderException early = catchThrowableOfType(ProviderException.class, () -> c.stream(ChatRequest.of(CLAUDE, "Write a haiku about rivers."), deltas::add));
            assertThat(early.getMessage()).contains("type 'content_block_delta' came before 'message_start'");
            server.enqueue(ReplayServer.Fault.events("event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n"));
            ChatResponse r = c.stream(ChatRequest.of(CLAUDE, "Write a haiku about rivers."), deltas::add);
            assertThat(r.content()).startsWith("Water carves");
            server.enqueue(ReplayServer.Fault.anthropic(400, "invalid_request_error", "messages: roles must alternate"));
            ProviderException status = catchThrowableOfType(ProviderException.class, () -> c.stream(ChatRequest.of(CLAUDE, "Write a haiku about rivers."), deltas::add));
            assertThat(status.status()).hasValue(400);
            assertThat(status.getMessage()).contains("invalid_request_error: messages: roles must alternate");
        }
        assertThat(server.requests()).hasSize(1 + 2 + 1);
    }

    @Test
    void a429BeforeTheStreamIsRetried() {
        try (ChatClient c = openAi(3, Duration.ofSeconds(10))) {
            server.enqueue(ReplayServer.Fault.rateLimited("0.05"));
            assertThat(c.stream(ChatRequest.of(GPT, "What is the capital of France?"), deltas::add).content()).isEqualTo("The capital of France is Paris.");
        }
        assertThat(server.requests()).hasSize(2);
    }
}
