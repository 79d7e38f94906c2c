package dev.assay.models.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Anthropic Messages client against answers in the Messages API's shape, replayed from 127.0.0.1. */
class AnthropicChatClientTest {
    private static final String MODEL = "claude-3-5-haiku-20241022";
    private ReplayServer server;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = ReplayServer.start(ReplayServer.resource("/chat/recorded-messages.jsonl"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatClientConfig config() {
        return ChatClientConfig.defaults(server.rootUrl()).withRetry(3, Duration.ofMillis(1), Duration.ofMillis(5))
                .withTimeout(Duration.ofSeconds(10)).withRateLimit(1000, Duration.ofSeconds(5));
    }

    private ChatClient client(ChatClientConfig config) {
        return ChatClient.anthropic(config, Clock.systemUTC(), (attempt, reason, wait) -> waits.add(wait));
    }

    private static ChatRequest ask(String prompt) {
        return ChatRequest.of(MODEL, prompt);
    }

    @Test
    void answersAndSendsTheMessagesShape() {
        ChatRequest r = new ChatRequest(MODEL, List.of(ChatMessage.system("Answer in one sentence."), ChatMessage.user("What is the capital of France?")),
                java.util.Optional.of(0.5), java.util.OptionalInt.empty(), java.util.OptionalLong.empty(), false, java.util.OptionalInt.empty());
        try (ChatClient c = client(config().withApiKey("sk-ant-test"))) {
            ChatResponse a = c.complete(r);
            assertThat(a.content()).isEqualTo("The capital of France is Paris.");
            assertThat(a.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
            assertThat(a.model()).isEqualTo(MODEL);
            assertThat(a.finishReason()).isEqualTo("end_turn");
            assertThat(a.usage()).contains(new ChatResponse.Usage(14, 10, 24));
            assertThat(a.logprobs()).isEmpty();
        }
        var sent = server.requests().getFirst();
        assertThat(sent.get("system").asText()).isEqualTo("Answer in one sentence.");
        assertThat(sent.get("messages")).hasSize(1);
        assertThat(sent.get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(AnthropicChatClient.DEFAULT_MAX_TOKENS);
        assertThat(sent.get("temperature").asDouble()).isEqualTo(0.5);
        assertThat(sent.has("stream")).isFalse();
        assertThat(server.header(0, "x-api-key")).isEqualTo("sk-ant-test");
        assertThat(server.header(0, "anthropic-version")).isEqualTo("2023-06-01");
        assertThat(server.authorizations()).containsExactly("");
    }

    @Test
    void aBaseEndingInV1ReachesTheSameEndpoint() {
        try (ChatClient c = client(ChatClientConfig.defaults(java.net.URI.create(server.rootUrl() + "/v1/")))) {
            assertThat(c.complete(ask("What is the capital of France?").withMaxTokens(50)).content()).isEqualTo("The capital of France is Paris.");
        }
        assertThat(server.requests().getFirst().get("max_tokens").asInt()).isEqualTo(50);
    }

    @Test
    void readsToolUseBlocks() {
        try (ChatClient c = client(config())) {
            ChatResponse a = c.complete(ask("What's the weather in Paris?"));
            assertThat(a.content()).isEqualTo("I'll check the current weather in Paris for you.");
            assertThat(a.finishReason()).isEqualTo("tool_use");
            assertThat(a.toolCalls()).containsExactly(new ChatResponse.ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather",
                    "{\"city\":\"Paris\",\"unit\":\"celsius\"}"));
            assertThat(a.usage()).contains(new ChatResponse.Usage(384, 62, 446));
        }
    }

    @Test
    void errorTypesAreNamedAndClientErrorsNotRetried() {
        server.enqueue(ReplayServer.Fault.anthropic(400, "invalid_request_error", "max_tokens: Field required"));
        server.enqueue(ReplayServer.Fault.anthropic(401, "authentication_error", "invalid x-api-key"));
        try (ChatClient c = client(config())) {
            ProviderException bad = catchThrowableOfType(ProviderException.class, () -> c.complete(ask("What is the capital of France?")));
            assertThat(bad.status()).hasValue(400);
            assertThat(bad.retryable()).isFalse();
            assertThat(bad.getMessage()).contains("HTTP 400").contains("invalid_request_error: max_tokens: Field required");
            ProviderException auth = catchThrowableOfType(ProviderException.class, () -> c.complete(ask("What is the capital of France?")));
            assertThat(auth.getMessage()).contains("authentication_error: invalid x-api-key").doesNotContain("Exception");
        }
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void a429IsRetriedAfterItsRetryAfter() {
        server.enqueue(ReplayServer.Fault.anthropicRateLimited("1"));
        try (ChatClient c = client(config())) {
            assertThat(c.complete(ask("What is the capital of France?")).content()).isEqualTo("The capital of France is Paris.");
        }
        assertThat(server.requests()).hasSize(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void a429BeyondTheLongestRetryAfterFailsWithIt() {
        server.enqueue(ReplayServer.Fault.anthropicRateLimited("90"));
        try (ChatClient c = client(config().withMaxRetryAfter(Duration.ofSeconds(30)))) {
            RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> c.complete(ask("What is the capital of France?")));
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
            assertThat(e.getMessage()).contains("429").contains("rate_limit_error");
        }
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void overloaded529IsRetriedThenGivenUpWithItsStatus() {
        server.enqueue(ReplayServer.Fault.overloaded());
        try (ChatClient c = client(config())) {
            assertThat(c.complete(ask("What is the capital of France?")).content()).isEqualTo("The capital of France is Paris.");
        }
        assertThat(server.requests()).hasSize(2);
        for (int i = 0; i < 3; i++) server.enqueue(ReplayServer.Fault.overloaded());
        try (ChatClient c = client(config())) {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> c.complete(ask("What is the capital of France?")));
            assertThat(e.status()).hasValue(529);
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("HTTP 529 (overloaded)").contains("overloaded_error: Overloaded");
        }
        assertThat(server.requests()).hasSize(2 + 3);
    }

    @Test
    void requestsTheApiCannotServeAreRefusedBeforeSending() {
        try (ChatClient c = client(config())) {
            InvalidRequestException lp = catchThrowableOfType(InvalidRequestException.class,
                    () -> c.complete(ask("What is the capital of France?").withLogprobs(3)));
            assertThat(lp.getMessage()).contains("no log probabilities");
            assertThat(catchThrowableOfType(InvalidRequestException.class, () -> c.stream(ask("x").withLogprobs(0), d -> {})).getMessage())
                    .contains("no log probabilities");
            assertThat(catchThrowableOfType(InvalidRequestException.class, () -> c.complete(ask("x").withSeed(7))).getMessage()).contains("seed");
            assertThat(catchThrowableOfType(InvalidRequestException.class, () -> c.complete(ask("x").withTemperature(1.5))).getMessage())
                    .contains("[0, 1]");
            assertThat(catchThrowableOfType(InvalidRequestException.class,
                    () -> c.complete(new ChatRequest(MODEL, List.of(ChatMessage.system("only a system prompt")), java.util.Optional.empty(),
                            java.util.OptionalInt.empty(), java.util.OptionalLong.empty(), false, java.util.OptionalInt.empty()))).getMessage())
                    .contains("needs a user or assistant message");
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void malformedAnswersAreProviderErrorsNamingTheField() {
        server.enqueue(ReplayServer.Fault.malformed("{\"type\": \"message\", \"content\": [{\"type\": \"text\", \"text\": \"cut"));
        server.enqueue(ReplayServer.Fault.malformed("{\"type\": \"message\", \"role\": \"assistant\"}"));
        server.enqueue(ReplayServer.Fault.malformed("{\"type\": \"message\", \"content\": [{\"type\": \"text\", \"text\": 3}]}"));
        server.enqueue(ReplayServer.Fault.malformed("{\"type\": \"message\", \"content\": [{\"type\": \"tool_use\", \"id\": \"t\", \"input\": {}}]}"));
        server.enqueue(ReplayServer.Fault.malformed("{\"type\": \"message\", \"content\": [], \"usage\": {\"input_tokens\": -1}}"));
        try (ChatClient c = client(config())) {
            List<String> messages = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++)
                messages.add(catchThrowableOfType(ProviderException.class, () -> c.complete(ask("What is the capital of France?"))).getMessage());
            assertThat(messages.get(0)).contains("its body is not JSON");
            assertThat(messages.get(1)).contains("'content' is missing");
            assertThat(messages.get(2)).contains("'content[0].text' is missing or not a string");
            assertThat(messages.get(3)).contains("'content[0].name' is missing");
            assertThat(messages.get(4)).contains("'usage.input_tokens' must be a whole number >= 0");
            assertThat(messages).allSatisfy(m -> assertThat(m).doesNotContain("Exception").doesNotContain("com.fasterxml"));
        }
        assertThat(server.requests()).hasSize(5);
    }

    @Test
    void aPromptOverTheSizeLimitIsRefusedWithoutARequest() {
        try (ChatClient c = client(config().withMaxPromptChars(20))) {
            InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> c.complete(ask("What is the capital of France?")));
            assertThat(e.getMessage()).contains("30 characters, over the limit of 20").contains("nothing was sent");
            assertThat(catchThrowableOfType(InvalidRequestException.class, () -> c.stream(ask("What is the capital of France?"), d -> {})))
                    .isNotNull();
        }
        try (ChatClient c = ChatClient.openAi(config().withMaxPromptChars(20))) {
            assertThat(catchThrowableOfType(InvalidRequestException.class, () -> c.complete(ask("What is the capital of France?")))).isNotNull();
            assertThat(catchThrowableOfType(InvalidRequestException.class, () -> c.stream(ask("What is the capital of France?"), d -> {})))
                    .isNotNull();
        }
        assertThat(server.requests()).isEmpty();
    }
}
