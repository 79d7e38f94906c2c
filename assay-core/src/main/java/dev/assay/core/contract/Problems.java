package dev.assay.core.contract;

import java.util.ArrayList;
import java.util.List;

/** Collects every validation problem, each prefixed with the path of the element it concerns. */
final class Problems {
    private final List<String> all;
    private final String prefix;

    Problems() {
        this(new ArrayList<>(), "");
    }

    private Problems(List<String> all, String prefix) {
        this.all = all;
        this.prefix = prefix;
    }

    /** A view that prefixes its problems with {@code path} and adds them to the same list. */
    Problems at(String path) {
        return new Problems(all, prefix.isEmpty() ? path : prefix + "." + path);
    }

    void add(String message) {
        all.add(prefix.isEmpty() ? message : prefix + ": " + message);
    }

    void require(boolean ok, String message) {
        if (!ok) add(message);
    }

    int size() {
        return all.size();
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    List<String> list() {
        return List.copyOf(all);
    }

    /** Throws an IllegalArgumentException naming every problem, if there is any. */
    void throwIfAny() {
        if (!all.isEmpty()) throw new IllegalArgumentException(String.join("; ", all));
    }
}
