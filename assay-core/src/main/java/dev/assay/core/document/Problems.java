package dev.assay.core.document;

import java.util.ArrayList;
import java.util.List;

/** Collects problems from every source of a document (its text, environment variables, overrides) before failing once. */
public final class Problems {
    private final List<Problem> all = new ArrayList<>();

    public void add(Problem problem) {
        all.add(problem);
    }

    public void add(String path, int line, String message) {
        all.add(new Problem(path, line, message));
    }

    public int size() {
        return all.size();
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(all);
    }

    /** Throws an {@link InvalidDocumentException} about {@code subject} naming every problem, if there is any. */
    public void throwIfAny(String subject) {
        if (!all.isEmpty()) throw new InvalidDocumentException(subject, all);
    }
}
