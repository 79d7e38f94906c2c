package dev.assay.core.document;

import dev.assay.core.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the fields of one mapping in a {@link Document}. Every getter records a problem at the
 * field's path and line instead of throwing, and returns null (required forms) or the default
 * (forms taking one) when the field is absent or bad, so that reading goes on and every problem
 * is reported at once. A field set to null ({@code key:} or {@code key: ~}) counts as absent.
 */
public final class Mapping {
    private final Node.MapNode node;
    private final String path;
    private final Problems problems;

    Mapping(Node.MapNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** Where this mapping is in the document, e.g. {@code guards[2]}; empty at the top. */
    public String path() {
        return path;
    }

    /** The line this mapping starts on. */
    public int line() {
        return node.line();
    }

    /**
     * This mapping kept for a reader elsewhere (e.g. a capability module reading its part of the
     * configuration); {@code subject} names the section's document in exception messages.
     */
    public Section section(String subject) {
        return new Section(node, path, subject);
    }

    /** The keys, in document order. */
    public Set<String> keys() {
        return new LinkedHashSet<>(node.entries().keySet());
    }

    /** True when {@code key} is present with a non-null value. */
    public boolean has(String key) {
        Node.Entry e = node.entries().get(key);
        return e != null && !(e.value() instanceof Node.Scalar s && s.isNull());
    }

    /** The line of {@code key}, or this mapping's line when it is absent. */
    public int lineOf(String key) {
        Node.Entry e = node.entries().get(key);
        return e == null ? node.line() : e.line();
    }

    /** The number of problems found in the whole document so far (compare before and after reading a part). */
    public int problemCount() {
        return problems.size();
    }

    /** Records a problem at {@code key}. */
    public void problem(String key, String message) {
        problems.add(Document.child(path, key), lineOf(key), message);
    }

    /** Records a problem at this mapping, on the line of {@code key} (a rule over several fields, reported where one of them is). */
    public void problemOnLineOf(String key, String message) {
        problems.add(path, lineOf(key), message);
    }

    /** Records a problem at this mapping. */
    public void problem(String message) {
        problems.add(path, node.line(), message);
    }

    /** Records a problem for every key not in {@code known}, naming the nearest known key or else all of them. */
    public void allowOnly(Collection<String> known) {
        for (Node.Entry e : node.entries().values()) {
            if (known.contains(e.key())) continue;
            String hint = Suggestions.nearest(e.key(), known).map(s -> "; did you mean '" + s + "'?")
                    .orElseGet(() -> "; expected one of " + known.stream().sorted().collect(Collectors.joining(", ")));
            problems.add(path, e.line(), "unknown key " + Scalars.quote(e.key()) + hint);
        }
    }

    /** As {@link #allowOnly(Collection)}. */
    public void allowOnly(String... known) {
        allowOnly(List.of(known));
    }

    /** The scalar text of {@code key} as written (an empty value gives {@code ""}), or null when absent or not a scalar. */
    public String raw(String key) {
        Node.Entry e = node.entries().get(key);
        if (e == null) return null;
        if (e.value() instanceof Node.Scalar s) return s.text();
        problem(key, "must be a single value, but was " + Node.describe(e.value()));
        return null;
    }

    /** The non-blank text of a required field. */
    public String text(String key) {
        return text(key, null, true);
    }

    /** The non-blank text of {@code key}, or {@code dflt} when absent. */
    public String text(String key, String dflt) {
        return text(key, dflt, false);
    }

    private String text(String key, String dflt, boolean required) {
        String s = scalar(key, required);
        if (s == null) return dflt;
        if (s.isBlank()) {
            problem(key, "must not be blank");
            return dflt;
        }
        return s;
    }

    /** A required finite number. */
    public Double number(String key) {
        return parsed(key, Scalars::number, null, true);
    }

    /** A finite number, or {@code dflt} when absent. */
    public double number(String key, double dflt) {
        return parsed(key, Scalars::number, dflt, false);
    }

    /** A required whole number in the range of {@code int}. */
    public Integer integer(String key) {
        return parsed(key, Scalars::integer, null, true);
    }

    /** A whole number in the range of {@code int}, or {@code dflt} when absent. */
    public int integer(String key, int dflt) {
        return parsed(key, Scalars::integer, dflt, false);
    }

    /** A whole number in the range of {@code long}, or {@code dflt} when absent. */
    public long longInteger(String key, long dflt) {
        return parsed(key, Scalars::longInteger, dflt, false);
    }

    /** A required duration in the grammar of {@link Scalars#duration}. */
    public Duration duration(String key) {
        return parsed(key, Scalars::duration, null, true);
    }

    /** A duration, or {@code dflt} when absent. */
    public Duration duration(String key, Duration dflt) {
        return parsed(key, Scalars::duration, dflt, false);
    }

    /** A required constant of {@code type}, matched ignoring case. */
    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        return choice(key, type, Map.of(), null, true);
    }

    /** A constant of {@code type} matched ignoring case, or {@code dflt} when absent. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E dflt) {
        return choice(key, type, Map.of(), dflt, false);
    }

    /** A required constant of {@code type}, matched ignoring case, or written as one of {@code aliases} (e.g. {@code <=}). */
    public <E extends Enum<E>> E choice(String key, Class<E> type, Map<String, E> aliases) {
        return choice(key, type, aliases, null, true);
    }

    private <E extends Enum<E>> E choice(String key, Class<E> type, Map<String, E> aliases, E dflt, boolean required) {
        String s = scalar(key, required);
        if (s == null) return dflt;
        String t = s.strip();
        E alias = aliases.get(t);
        if (alias != null) return alias;
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(t)) return e;
        List<String> names = Stream.concat(Arrays.stream(type.getEnumConstants()).map(Enum::name),
                aliases.keySet().stream().sorted()).toList();
        String hint = Suggestions.nearest(t, names).map(n -> "; did you mean '" + n + "'?")
                .orElseGet(() -> "; expected one of " + String.join(", ", names));
        problem(key, "unknown value " + Scalars.quote(s) + hint);
        return dflt;
    }

    /** The mapping under {@code key}, or null when absent or not a mapping (a problem). */
    public Mapping mapping(String key) {
        Node.Entry e = node.entries().get(key);
        if (e == null || (e.value() instanceof Node.Scalar s && s.isNull())) return null;
        if (e.value() instanceof Node.MapNode m) return new Mapping(m, Document.child(path, key), problems);
        problem(key, "must be a mapping, but was " + Node.describe(e.value()));
        return null;
    }

    /**
     * The mappings of the list under {@code key} (empty when absent); a value that is not a list,
     * and an item that is not a mapping, are problems.
     */
    public List<Mapping> mappings(String key) {
        List<Mapping> out = new ArrayList<>();
        Node.ListNode list = list(key);
        if (list == null) return out;
        String at = Document.child(path, key);
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            if (item instanceof Node.MapNode m) out.add(new Mapping(m, at + "[" + i + "]", problems));
            else problems.add(at + "[" + i + "]", item.line(), "must be a mapping, but was " + Node.describe(item));
        }
        return out;
    }

    /** The number of items in the list under {@code key}, or -1 when it is absent or not a list. */
    public int size(String key) {
        Node.Entry e = node.entries().get(key);
        return e != null && e.value() instanceof Node.ListNode l ? l.items().size() : -1;
    }

    /** The scalar texts of the list under {@code key} (empty when absent); other items are problems. */
    public List<String> texts(String key) {
        List<String> out = new ArrayList<>();
        Node.ListNode list = list(key);
        if (list == null) return out;
        String at = Document.child(path, key);
        for (int i = 0; i < list.items().size(); i++) {
            Node item = list.items().get(i);
            if (item instanceof Node.Scalar s && !s.isNull() && !s.text().isBlank()) out.add(s.text());
            else problems.add(at + "[" + i + "]", item.line(), "must be a non-blank single value, but was " + Node.describe(item));
        }
        return out;
    }

    /**
     * Builds a value from fields read so far. An {@link IllegalArgumentException} from {@code build}
     * becomes a problem at this mapping; an {@link InvalidDocumentException} (a record validating
     * its components, paths naming components) has each problem moved under this mapping, at the
     * line of the key it names. Returns null when {@code build} failed.
     */
    public <T> T construct(Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidDocumentException e) {
            for (Problem p : e.problems()) {
                String key = p.path();
                problems.add(key.isEmpty() ? path : Document.child(path, key),
                        p.line() != 0 ? p.line() : lineOf(key), p.message());
            }
        } catch (IllegalArgumentException e) {
            problem(String.valueOf(e.getMessage()));
        }
        return null;
    }

    private Node.ListNode list(String key) {
        Node.Entry e = node.entries().get(key);
        if (e == null || (e.value() instanceof Node.Scalar s && s.isNull())) return null;
        if (e.value() instanceof Node.ListNode l) return l;
        problem(key, "must be a list, but was " + Node.describe(e.value()));
        return null;
    }

    private String scalar(String key, boolean required) {
        Node.Entry e = node.entries().get(key);
        if (e == null || (e.value() instanceof Node.Scalar s && s.isNull())) {
            if (required) problem(key, "required");
            return null;
        }
        if (e.value() instanceof Node.Scalar s) return s.text();
        problem(key, "must be a single value, but was " + Node.describe(e.value()));
        return null;
    }

    private <T> T parsed(String key, Function<String, T> grammar, T dflt, boolean required) {
        String s = scalar(key, required);
        if (s == null) return dflt;
        try {
            return grammar.apply(s);
        } catch (InvalidInputException e) {
            problem(key, e.getMessage());
            return dflt;
        }
    }
}
