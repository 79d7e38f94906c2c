/**
 * Response logs: {@link dev.assay.fingerprint.response.ResponseLog} reads JSON lines
 * {@code {"model", "prompt_id", "prompt", "response"}} (plus optional {@code tool_calls} and {@code vector}) into
 * {@link dev.assay.fingerprint.response.Response}s, with bounded memory per line and each bad line reported by its
 * number; {@link dev.assay.fingerprint.response.ToolCall} is a tool call as structure (name and arguments).
 */
package dev.assay.fingerprint.response;
