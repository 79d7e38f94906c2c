package dev.assay.core.document;

import java.util.Objects;

/**
 * A mapping kept from a parsed document, for a reader that lives elsewhere: {@link #document()} gives
 * it a document of its own whose problems carry the section's full path ({@code monitors.ranking.alpha})
 * and the lines of the original text. Immutable; every call of {@link #document()} starts with no problems.
 */
public final class Section {
    private final Node.MapNode node;
    private final String path;
    private final String subject;

    Section(Node.MapNode node, String path, String subject) {
        this.node = Objects.requireNonNull(node, "node");
        this.path = Objects.requireNonNull(path, "path");
        this.subject = Objects.requireNonNull(subject, "subject");
    }

    /** Where the section is in its document, e.g. {@code monitors.ranking}. */
    public String path() {
        return path;
    }

    /** The line the section starts on. */
    public int line() {
        return node.line();
    }

    /** A fresh document whose root is this section, read with {@link Document#root()} and {@link Document#finish}. */
    public Document document() {
        return new Document(subject, new Problems(), node, path);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Section s && s.node.equals(node) && s.path.equals(path) && s.subject.equals(subject);
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, path, subject);
    }

    @Override
    public String toString() {
        return "Section[" + path + ", line " + node.line() + "]";
    }
}
