/**
 * Chat completions over HTTP: {@link dev.assay.models.chat.ChatClient} sends a {@link dev.assay.models.chat.ChatRequest}
 * to an OpenAI-compatible {@code POST {base}/chat/completions} endpoint behind Resilience4j (rate limiter, circuit
 * breaker, retry with jittered exponential backoff honouring {@code Retry-After}, and a time limit that cancels the
 * request) and answers a provider-neutral {@link dev.assay.models.chat.ChatResponse}: text, tool calls, finish reason,
 * token usage and per-token log probabilities. Failures are the typed {@link dev.assay.models.chat.ChatException}s.
 */
package dev.assay.models.chat;
