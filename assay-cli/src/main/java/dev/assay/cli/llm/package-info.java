/** {@code assay llm ...}: the LLM output monitor on the command line (hallucination spans of Mu-SHROOM records, the token monitor of recorded responses). */
package dev.assay.cli.llm;
