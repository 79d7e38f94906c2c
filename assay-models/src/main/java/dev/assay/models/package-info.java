/**
 * How Assay talks to models: an OpenAI-compatible chat client ({@code chat}) behind
 * Resilience4j, in-process ONNX embedding models ({@code embed}).
 */
package dev.assay.models;
