/** {@code assay llm ...}: the LLM output monitor on the command line (hallucination spans of Mu-SHROOM records). */
package dev.assay.cli.llm;
