package dev.assay.models.chat;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A {@link ChatClient} whose calls {@link ChatMetrics} measures; made by {@link ChatMetrics#observe}. */
final class ObservedChatClient implements ChatClient {
    private final ChatClient inner;
    private final String provider;
    private final ChatMetrics metrics;

    ObservedChatClient(ChatClient inner, String provider, ChatMetrics metrics) {
        this.inner = inner;
        this.provider = provider;
        this.metrics = metrics;
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return observed(request, () -> inner.complete(request));
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
        Objects.requireNonNull(request, "request");
        return observed(request, () -> inner.stream(request, onDelta));
    }

    @Override
    public CircuitState circuitState() {
        return inner.circuitState();
    }

    @Override
    public void close() {
        inner.close();
    }

    private ChatResponse observed(ChatRequest request, Supplier<ChatResponse> call) {
        long start = System.nanoTime();
        ChatResponse r;
        try {
            r = call.get();
        } catch (RuntimeException e) {
            metrics.record(new ChatMetrics.Call(metrics.clock().instant(), provider, request.model(), ChatMetrics.Outcome.of(e),
                    Duration.ofNanos(System.nanoTime() - start)), Optional.empty());
            throw e;
        }
        metrics.record(new ChatMetrics.Call(metrics.clock().instant(), provider, request.model(), ChatMetrics.Outcome.SUCCESS,
                Duration.ofNanos(System.nanoTime() - start)), r.usage());
        return r;
    }
}
