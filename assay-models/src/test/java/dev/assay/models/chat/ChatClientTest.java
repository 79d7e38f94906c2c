package dev.assay.models.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.assay.core.InvalidInputException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatClientTest {
    private static final String MODEL = "gpt-4o-mini";
    private ReplayServer server;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = ReplayServer.start(ReplayServer.resource("/chat/recorded-completions.jsonl"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Fast retries, a circuit that tolerates the test's failures unless a test says otherwise. */
    private ChatClientConfig config() {
        return ChatClientConfig.defaults(server.baseUrl()).withRetry(3, Duration.ofMillis(1), Duration.ofMillis(5))
                .withTimeout(Duration.ofSeconds(10)).withRateLimit(1000, Duration.ofSeconds(5));
    }

    private ChatClient client(ChatClientConfig config) {
        return ChatClient.openAi(config, Clock.systemUTC(), (attempt, reason, wait) -> waits.add(wait));
    }

    @Test
    void replaysARecordedCompletionAndSendsTheRequestFields() {
        try (ChatClient c = client(config().withApiKey("sk-test-123"))) {
            ChatResponse r = c.complete(ChatRequest.of(MODEL, "What is the capital of France?").withTemperature(0.7).withMaxTokens(64).withSeed(42));
            assertThat(r.content()).isEqualTo("The capital of France is Paris.");
            assertThat(r.model()).isEqualTo("gpt-4o-mini-2024-07-18");
            assertThat(r.id()).isEqualTo("chatcmpl-A1");
            assertThat(r.finishReason()).isEqualTo("stop");
            assertThat(r.usage()).contains(new ChatResponse.Usage(14, 7, 21));
            assertThat(r.toolCalls()).isEmpty();
            assertThat(r.logprobs()).isEmpty();
        }
        var sent = server.requests().getFirst();
        assertThat(sent.get("model").asText()).isEqualTo(MODEL);
        assertThat(sent.get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(sent.get("messages").get(0).get("content").asText()).isEqualTo("What is the capital of France?");
        assertThat(sent.get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(64);
        assertThat(sent.get("seed").asLong()).isEqualTo(42);
        assertThat(sent.has("logprobs")).isFalse();
        assertThat(server.authorizations()).containsExactly("Bearer sk-test-123");
    }

    @Test
    void parsesLogprobsWithTheirAlternatives() {
        try (ChatClient c = client(config())) {
            ChatResponse r = c.complete(ChatRequest.of(MODEL, "Capital of France, one word.").withLogprobs(2));
            assertThat(r.content()).isEqualTo("Paris.");
            assertThat(r.logprobs()).extracting(ChatResponse.TokenLogprob::token).containsExactly("Paris", ".");
            assertThat(r.logprobs().get(0).logprob()).isEqualTo(-0.0000031);
            assertThat(r.logprobs().get(0).top()).containsExactly(new ChatResponse.Alternative("Paris", -0.0000031),
                    new ChatResponse.Alternative("The", -12.75));
            assertThat(r.logprobs().get(1).top().get(1)).isEqualTo(new ChatResponse.Alternative("!", -9.5));
        }
        assertThat(server.requests().getFirst().get("logprobs").asBoolean()).isTrue();
        assertThat(server.requests().getFirst().get("top_logprobs").asInt()).isEqualTo(2);
    }

    @Test
    void parsesToolCalls() {
        try (ChatClient c = client(config())) {
            ChatResponse r = c.complete(ChatRequest.of(MODEL, "What's the weather in Paris?"));
            assertThat(r.content()).isEmpty();
            assertThat(r.finishReason()).isEqualTo("tool_calls");
            assertThat(r.toolCalls()).containsExactly(new ChatResponse.ToolCall("call_Qx9", "get_weather",
                    "{\"city\": \"Paris\", \"unit\": \"celsius\"}"));
        }
    }

    @Test
    void servesSeveralRecordingsOfOnePromptInTurn() {
        try (ChatClient c = client(config())) {
            assertThat(List.of(c.complete(ChatRequest.of(MODEL, "Say hello.")).content(), c.complete(ChatRequest.of(MODEL, "Say hello.")).content(),
                    c.complete(ChatRequest.of(MODEL, "Say hello.")).content()))
                    .containsExactly("Hello! How can I help you today?", "Hi there! What can I do for you?", "Hello! How can I help you today?");
        }
    }

    @Test
    void retriesA429AfterItsRetryAfterThenSucceeds() {
        server.enqueue(ReplayServer.Fault.rateLimited("0.3"));
        try (ChatClient c = client(config())) {
            ChatResponse r = c.complete(ChatRequest.of(MODEL, "What is the capital of France?"));
            assertThat(r.content()).isEqualTo("The capital of France is Paris.");
        }
        assertThat(server.requests()).hasSize(2);
        // the backoff alone is at most 5 ms; the wait is the provider's 300 ms
        assertThat(waits).containsExactly(Duration.ofMillis(300));
    }

    @Test
    void aRetryAfterBeyondTheLimitFailsAtOnceWithIt() {
        server.enqueue(ReplayServer.Fault.rateLimited("120"));
        try (ChatClient c = client(config().withMaxRetryAfter(Duration.ofSeconds(10)))) {
            RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
                    () -> c.complete(ChatRequest.of(MODEL, "What is the capital of France?")));
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
            assertThat(e.getMessage()).contains("429").contains("Rate limit reached").doesNotContain("Exception");
        }
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void retriesA500AndGivesUpAfterTheLastAttemptWithItsStatus() {
        server.enqueue(ReplayServer.Fault.status(503, "{\"error\": {\"message\": \"overloaded\"}}"));
        try (ChatClient c = client(config())) {
            assertThat(c.complete(ChatRequest.of(MODEL, "Say hello.")).content()).isEqualTo("Hello! How can I help you today?");
        }
        for (int i = 0; i < 3; i++) server.enqueue(ReplayServer.Fault.status(500, "{\"error\": {\"message\": \"server error\"}}"));
        try (ChatClient c = client(config())) {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> c.complete(ChatRequest.of(MODEL, "Say hello.")));
            assertThat(e.status()).hasValue(500);
            assertThat(e.getMessage()).contains("HTTP 500").contains("server error");
        }
        assertThat(server.requests()).hasSize(2 + 3);
    }

    @Test
    void theCircuitOpensAfterRepeated500sAndStopsSending() {
        for (int i = 0; i < 4; i++) server.enqueue(ReplayServer.Fault.status(500, "boom"));
        ChatClientConfig cfg = config().withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1)).withCircuit(4, 50, Duration.ofMinutes(5));
        try (ChatClient c = client(cfg)) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> c.complete(ChatRequest.of(MODEL, "Say hello."))).isInstanceOf(ProviderException.class)
                        .hasMessageContaining("HTTP 500").hasMessageContaining("boom");
            }
            CircuitOpenException open = catchThrowableOfType(CircuitOpenException.class, () -> c.complete(ChatRequest.of(MODEL, "Say hello.")));
            assertThat(open.getMessage()).contains("circuit open").contains(server.baseUrl().toString());
            assertThat(open.retryAfter()).contains(Duration.ofMinutes(5));
        }
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void afterItsOpenTimeTheCircuitLetsOneTrialThroughThatClosesOrReopensIt() throws InterruptedException {
        ChatClientConfig cfg = config().withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1)).withCircuit(2, 50, Duration.ofMillis(200));
        try (ChatClient c = client(cfg)) {
            for (int i = 0; i < 2; i++) server.enqueue(ReplayServer.Fault.status(500, "boom"));
            for (int i = 0; i < 2; i++) assertThatThrownBy(() -> c.complete(ChatRequest.of(MODEL, "Say hello."))).isInstanceOf(ProviderException.class);
            assertThatThrownBy(() -> c.complete(ChatRequest.of(MODEL, "Say hello."))).isInstanceOf(CircuitOpenException.class);
            Thread.sleep(400); // past the open time: half-open
            server.enqueue(ReplayServer.Fault.status(500, "still down"));
            assertThatThrownBy(() -> c.complete(ChatRequest.of(MODEL, "Say hello."))).isInstanceOf(ProviderException.class)
                    .hasMessageContaining("still down");
            assertThatThrownBy(() -> c.complete(ChatRequest.of(MODEL, "Say hello."))).isInstanceOf(CircuitOpenException.class); // reopened
            assertThat(server.requests()).hasSize(3);
            Thread.sleep(400);
            assertThat(c.complete(ChatRequest.of(MODEL, "Say hello.")).content()).isNotEmpty(); // the trial succeeds: closed
            assertThat(c.complete(ChatRequest.of(MODEL, "Say hello.")).content()).isNotEmpty();
            assertThat(c.complete(ChatRequest.of(MODEL, "Say hello.")).content()).isNotEmpty();
            assertThat(server.requests()).hasSize(6);
        }
    }

    @Test
    void aTimeoutCancelsTheRequest() throws InterruptedException {
        server.enqueue(ReplayServer.Fault.stall());
        ChatClientConfig cfg = config().withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1)).withTimeout(Duration.ofMillis(300));
        try (ChatClient c = client(cfg)) {
            ChatTimeoutException e = catchThrowableOfType(ChatTimeoutException.class, () -> c.complete(ChatRequest.of(MODEL, "Say hello.")));
            assertThat(e.getMessage()).contains("within PT0.3S").contains("cancelled");
            // the client stays open: only cancelling the exchange closes the connection the server streams into
            assertThat(server.awaitStalls(Duration.ofSeconds(15))).isTrue();
            assertThat(server.disconnects()).isEqualTo(1);
        }
    }

    @Test
    void theDeadlineCutsAnAttemptsTimeLimitToWhatIsLeftAndIsNotRetriedPast() throws InterruptedException {
        server.enqueue(ReplayServer.Fault.stall());
        ChatClientConfig cfg = config().withRetry(5, Duration.ofMillis(1), Duration.ofMillis(1)).withTimeout(Duration.ofSeconds(10))
                .withDeadline(Duration.ofMillis(700));
        try (ChatClient c = client(cfg)) {
            ChatTimeoutException e = catchThrowableOfType(ChatTimeoutException.class, () -> c.complete(ChatRequest.of(MODEL, "Say hello.")));
            assertThat(e.getMessage()).contains("what was left of the call's deadline of PT0.7S").contains("cancelled");
            assertThat(server.awaitStalls(Duration.ofSeconds(15))).isTrue();
            assertThat(server.disconnects()).isEqualTo(1);
        }
        assertThat(server.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void retriesStopAtTheDeadlineWhicheverAttemptItFallsIn() {
        for (int i = 0; i < 4; i++) server.enqueue(ReplayServer.Fault.stall());
        ChatClientConfig cfg = config().withRetry(4, Duration.ofMillis(1), Duration.ofMillis(1)).withTimeout(Duration.ofMillis(400))
                .withDeadline(Duration.ofMillis(600));
        try (ChatClient c = client(cfg)) {
            ChatTimeoutException e = catchThrowableOfType(ChatTimeoutException.class, () -> c.complete(ChatRequest.of(MODEL, "Say hello.")));
            assertThat(e.getMessage()).contains("deadline of PT0.6S");
        }
        // the first attempt's 400 ms fit; what is left is at most 200 ms, so never a third attempt
        assertThat(server.requests()).hasSizeBetween(1, 2);
    }

    @Test
    void aRetryAfterThatEndsPastTheDeadlineFailsAtOnceWithIt() {
        server.enqueue(ReplayServer.Fault.rateLimited("2"));
        try (ChatClient c = client(config().withDeadline(Duration.ofSeconds(1)))) {
            RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
                    () -> c.complete(ChatRequest.of(MODEL, "What is the capital of France?")));
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        }
        assertThat(server.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aMalformedBodyIsAProviderErrorNamingTheProblem() {
        server.enqueue(ReplayServer.Fault.malformed("{\"choices\": [{\"message\": {\"content\": \"cut off"));
        server.enqueue(ReplayServer.Fault.malformed("{\"id\": \"x\", \"object\": \"chat.completion\"}"));
        server.enqueue(ReplayServer.Fault.malformed("{\"choices\": [{\"message\": {\"content\": 7}}]}"));
        server.enqueue(ReplayServer.Fault.malformed("{\"choices\": [{\"message\": {\"content\": \"a\"}, \"logprobs\": {\"content\": [{\"token\": \"a\"}]}}]}"));
        try (ChatClient c = client(config())) {
            List<String> messages = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ProviderException e = catchThrowableOfType(ProviderException.class, () -> c.complete(ChatRequest.of(MODEL, "Say hello.")));
                assertThat(e.status()).hasValue(200);
                assertThat(e.retryable()).isFalse();
                messages.add(e.getMessage());
            }
            assertThat(messages.get(0)).contains("answered HTTP 200 but its body is not JSON").contains("line 1");
            assertThat(messages.get(1)).contains("'choices' is missing");
            assertThat(messages.get(2)).contains("'choices[0].message.content' is not a string");
            assertThat(messages.get(3)).contains("'choices[0].logprobs.content[0].logprob' is missing");
            assertThat(messages).allSatisfy(m -> assertThat(m).doesNotContain("Exception").doesNotContain("com.fasterxml"));
        }
        assertThat(server.requests()).hasSize(4); // not retried
    }

    @Test
    void aClientErrorIsNotRetried() {
        server.enqueue(ReplayServer.Fault.status(401, "{\"error\": {\"message\": \"Incorrect API key provided\"}}"));
        try (ChatClient c = client(config())) {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> c.complete(ChatRequest.of(MODEL, "Say hello.")));
            assertThat(e.status()).hasValue(401);
            assertThat(e.getMessage()).contains("Incorrect API key provided");
        }
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void anUnreachableEndpointIsRetriedThenAProviderErrorWithoutStatus() {
        URI dead = server.baseUrl();
        server.close();
        try (ChatClient c = client(ChatClientConfig.defaults(dead).withRetry(2, Duration.ofMillis(1), Duration.ofMillis(2)))) {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> c.complete(ChatRequest.of(MODEL, "Say hello.")));
            assertThat(e.status()).isEmpty();
            assertThat(e.getMessage()).startsWith("could not reach " + dead).doesNotContain("Exception");
        }
        assertThat(waits).hasSize(1);
        server = ReplayServer.start(List.of());
    }

    @Test
    void badSettingsAreInvalidInputNamingTheSetting() {
        assertThatThrownBy(() -> ChatClientConfig.defaults(URI.create("ftp://example.com/v1"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> config().withRetry(0, Duration.ofMillis(1), Duration.ofMillis(1))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> config().withTimeout(Duration.ZERO)).isInstanceOf(InvalidInputException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> config().withApiKey("has space")).isInstanceOf(InvalidInputException.class).hasMessageContaining("API key");
        assertThatThrownBy(() -> ChatRequest.of(MODEL, "x").withTemperature(3)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> ChatRequest.of(MODEL, "x").withLogprobs(21)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("top_logprobs");
        assertThatThrownBy(() -> ChatRequest.of(" ", "x")).isInstanceOf(InvalidInputException.class).hasMessageContaining("model");
        assertThatThrownBy(() -> new ChatMessage("robot", "x")).isInstanceOf(InvalidInputException.class).hasMessageContaining("role");
    }
}
