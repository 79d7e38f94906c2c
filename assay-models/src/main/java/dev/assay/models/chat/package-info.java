/**
 * Chat completions over HTTP: {@link dev.assay.models.chat.ChatClient} sends a {@link dev.assay.models.chat.ChatRequest}
 * to an OpenAI-compatible {@code POST {base}/chat/completions} endpoint (OpenAI, vLLM, llama.cpp server, Ollama) or to
 * Anthropic's Messages API, whole or streamed as server-sent events, behind Resilience4j (rate limiter, circuit
 * breaker, retry with jittered exponential backoff honouring {@code Retry-After}, and a time limit that cancels the
 * request) and answers a provider-neutral {@link dev.assay.models.chat.ChatResponse}: text, tool calls, finish reason,
 * token usage and per-token log probabilities. Failures and refusals are the typed
 * {@link dev.assay.models.chat.ChatException}s. What calls cost: {@link dev.assay.models.chat.PriceTable},
 * {@link dev.assay.models.chat.UsageLedger} and {@link dev.assay.models.chat.HourlyBudget}, applied per agent by
 * {@link dev.assay.models.chat.MeteredChatClient}.
 */
package dev.assay.models.chat;
