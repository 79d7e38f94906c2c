/**
 * The actions an agent proposes: {@link dev.assay.agent.action.Action} (a shell command, a file read, write or
 * delete, an HTTP request, or a generic tool call, with the agent, its stated goal and the context it has read) and
 * {@link dev.assay.agent.action.ActionDecoder}, which reads Assay's own JSON, an OpenAI-style {@code tool_calls}
 * entry and an MCP {@code tools/call} request, within size limits.
 */
package dev.assay.agent.action;
