/**
 * How Assay talks to models: OpenAI-compatible and Anthropic HTTP clients behind
 * Resilience4j, in-process ONNX embedding models, replay of logged responses.
 * Populated by the capability modules' issues.
 */
package dev.assay.models;
