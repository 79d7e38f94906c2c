package dev.assay.core.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Streams YAML or JSON into {@link Node}s, recording each duplicate key as a problem instead of keeping either value. */
final class TreeParser {
    static final int MAX_DEPTH = 64;
    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH + 1).maxNumberLength(400).maxStringLength(Document.MAX_CHARS).build();
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();
    private static final YAMLFactory YAML = YAMLFactory.builder().streamReadConstraints(LIMITS).build();

    /** Thrown inside the parser for input that cannot be read on; carries the one problem. */
    static final class Unreadable extends Exception {
        final Problem problem;

        Unreadable(Problem problem) {
            super(problem.toString(), null, false, false);
            this.problem = problem;
        }
    }

    private final JsonParser parser;
    private final Problems problems;

    private TreeParser(JsonParser parser, Problems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    /**
     * The root, or null for an empty document; duplicate keys go to {@code problems}. Text starting
     * with <code>{</code> or {@code [} is read as JSON first, and as YAML (a flow mapping such as
     * <code>{name: q}</code>) when it is not valid JSON.
     */
    static Node parse(String text, Problems problems) throws Unreadable {
        String lead = text.stripLeading();
        if (lead.startsWith("{") || lead.startsWith("[")) {
            Problems jsonProblems = new Problems();
            try {
                Node root = parse(JSON, text, jsonProblems, "JSON");
                jsonProblems.list().forEach(problems::add);
                return root;
            } catch (Unreadable notJson) {
                // not JSON: read it as YAML below, and report YAML's error if that fails too
            }
        }
        return parse(YAML, text, problems, "YAML or JSON");
    }

    private static Node parse(JsonFactory factory, String text, Problems problems, String format) throws Unreadable {
        try (JsonParser p = factory.createParser(text)) {
            TreeParser tp = new TreeParser(p, problems);
            JsonToken first = p.nextToken();
            if (first == null) return null;
            Node root = tp.value(first, "", 0);
            if (p.nextToken() != null) {
                problems.add("", line(p.currentTokenLocation()), "holds more than one document");
            }
            return root;
        } catch (IOException e) {
            JsonLocation at = e instanceof com.fasterxml.jackson.core.JacksonException je ? je.getLocation() : null;
            String msg = e instanceof com.fasterxml.jackson.core.JacksonException je && je.getOriginalMessage() != null
                    ? je.getOriginalMessage() : e.getClass().getSimpleName();
            throw new Unreadable(new Problem("", at == null ? 0 : line(at), "not valid " + format + ": " + firstLine(msg)));
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new Unreadable(new Problem("", 0, "not valid " + format + ": " + firstLine(String.valueOf(e.getMessage()))));
        }
    }

    private Node value(JsonToken token, String path, int depth) throws IOException, Unreadable {
        int line = line(parser.currentTokenLocation());
        if (token == null) throw new Unreadable(new Problem(path, line, "the document ends inside a value"));
        if (depth > MAX_DEPTH) throw new Unreadable(new Problem(path, line, "nested deeper than " + MAX_DEPTH + " levels"));
        switch (token) {
            case START_OBJECT -> {
                Map<String, Node.Entry> entries = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    if (t != JsonToken.FIELD_NAME) throw new Unreadable(new Problem(path, line, "a mapping key is missing"));
                    String key = parser.currentName();
                    int keyLine = line(parser.currentTokenLocation());
                    String child = Document.child(path, key);
                    Node v = value(parser.nextToken(), child, depth + 1);
                    Node.Entry first = entries.get(key);
                    if (first != null) {
                        problems.add(path, keyLine, "duplicate key " + Scalars.quote(key) + " (first at line " + first.line() + ")");
                    } else {
                        entries.put(key, new Node.Entry(key, keyLine, v));
                    }
                }
                return new Node.MapNode(entries, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(value(t, path + "[" + items.size() + "]", depth + 1));
                }
                return new Node.ListNode(items, line);
            }
            case VALUE_NULL -> {
                return new Node.Scalar("", true, line);
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                return new Node.Scalar(parser.getText(), false, line);
            }
            default -> throw new Unreadable(new Problem(path, line, "holds a value Assay does not read (" + token + ")"));
        }
    }

    private static int line(JsonLocation at) {
        return at == null ? 0 : Math.max(0, at.getLineNr());
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", " ");
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }
}
