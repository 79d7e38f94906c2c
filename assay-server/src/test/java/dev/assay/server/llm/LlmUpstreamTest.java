package dev.assay.server.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.assay.core.config.AssayConfig;
import dev.assay.core.config.LlmConfig;
import dev.assay.models.chat.ChatClientConfig;
import dev.assay.models.chat.ChatMetrics;
import dev.assay.models.chat.ChatRequest;
import dev.assay.models.chat.ChatTimeoutException;
import dev.assay.models.chat.RateLimitedException;
import dev.assay.models.chat.ReplayServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's sending client is built from {@code llm.timeout}, {@code llm.maxAttempts} and {@code llm.requestsPerMinute}. */
class LlmUpstreamTest {
    private static final String PROMPT = "What is the capital of France?";
    private ReplayServer replay;

    @BeforeEach
    void start() {
        replay = ReplayServer.start(ReplayServer.resource("/chat/recorded-completions.jsonl"));
    }

    @AfterEach
    void stop() {
        replay.close();
    }

    private LlmConfig config(LlmConfig.Client client) {
        return new LlmConfig(Optional.of(LlmConfig.OPENAI), Optional.of(replay.baseUrl()), Optional.empty(), Optional.of("gpt-4o-mini"),
                Optional.empty(), Optional.empty(), client);
    }

    private LlmUpstream upstream(LlmConfig.Client client) {
        return LlmUpstream.from(config(client), Map.of(), new ChatMetrics(new SimpleMeterRegistry(), Clock.systemUTC()), Clock.systemUTC())
                .orElseThrow();
    }

    @Test
    void theServiceDefaultsAre30SecondsAnAttemptThreeAttemptsAnd50AMinute() {
        ChatClientConfig cc = LlmUpstream.clientConfig(config(AssayConfig.defaults().llm().client()));
        assertThat(cc.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cc.maxAttempts()).isEqualTo(3);
        assertThat(cc.rateLimitPermits()).isEqualTo(50);
        assertThat(cc.rateLimitPeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(cc.rateLimitWait()).isZero();
        assertThat(cc.baseUrl()).isEqualTo(replay.baseUrl());
        assertThat(LlmUpstream.clientConfig(new LlmConfig(Optional.of(LlmConfig.ANTHROPIC), Optional.empty(), Optional.empty(),
                Optional.of("claude"), Optional.empty(), Optional.empty(), LlmConfig.Client.defaults())).baseUrl())
                .isEqualTo(URI.create("https://api.anthropic.com"));
    }

    @Test
    void aProviderThatNeverAnswersIsGivenUpAfterTheConfiguredAttemptsOfTheConfiguredTime() throws Exception {
        try (LlmUpstream up = upstream(new LlmConfig.Client(Duration.ofMillis(300), 2, 50))) {
            for (int i = 0; i < 3; i++) replay.enqueue(ReplayServer.Fault.stall());
            ChatTimeoutException e = catchThrowableOfType(ChatTimeoutException.class, () -> up.client().complete(ChatRequest.of("gpt-4o-mini", PROMPT)));
            assertThat(e.getMessage()).contains("within PT0.3S").contains("cancelled");
        }
        assertThat(replay.requests()).hasSize(2); // the third stall was never asked for
        assertThat(replay.awaitStalls(Duration.ofSeconds(10))).isTrue();
        assertThat(replay.disconnects()).isEqualTo(2);
    }

    @Test
    void overTheConfiguredRateARequestIsRefusedAtOnceWithTheTimeToTheNextPermit() {
        try (LlmUpstream up = upstream(new LlmConfig.Client(Duration.ofSeconds(10), 1, 2))) {
            up.client().complete(ChatRequest.of("gpt-4o-mini", PROMPT));
            up.client().complete(ChatRequest.of("gpt-4o-mini", PROMPT));
            RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> up.client().complete(ChatRequest.of("gpt-4o-mini", PROMPT)));
            assertThat(e.getMessage()).contains("2 per PT1M");
            assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
            assertThat(dev.assay.server.ErrorResponses.status(e)).isEqualTo(429);
        }
        assertThat(replay.requests()).hasSize(2);
    }

    @Test
    void configuredValuesReachTheClient() {
        ChatClientConfig cc = LlmUpstream.clientConfig(config(new LlmConfig.Client(Duration.ofSeconds(45), 2, 500, Duration.ofSeconds(70))));
        assertThat(cc.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(cc.deadline()).isEqualTo(Duration.ofSeconds(70));
        assertThat(cc.maxAttempts()).isEqualTo(2);
        assertThat(cc.rateLimitPermits()).isEqualTo(500);
        assertThat(cc.rateLimitPeriod()).isEqualTo(Duration.ofMinutes(1));
    }
}
