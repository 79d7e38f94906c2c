package dev.assay.core.document;

import java.util.List;
import java.util.Map;

/** A parsed YAML or JSON value with the line it starts on. */
sealed interface Node {
    int line();

    /** A scalar as written ({@code isNull} for YAML {@code null}, {@code ~} and JSON {@code null}). */
    record Scalar(String text, boolean isNull, int line) implements Node {}

    /** A mapping in document order; each entry keeps its key's line. */
    record MapNode(Map<String, Entry> entries, int line) implements Node {}

    /** A key, the line it is on, and its value. */
    record Entry(String key, int line, Node value) {}

    /** A list. */
    record ListNode(List<Node> items, int line) implements Node {}

    /** {@code a mapping}, {@code a list}, or the quoted scalar, for messages. */
    static String describe(Node n) {
        return switch (n) {
            case Scalar s -> s.isNull() ? "empty" : Scalars.quote(s.text());
            case MapNode m -> "a mapping";
            case ListNode l -> "a list";
        };
    }
}
