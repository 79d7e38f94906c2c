package dev.assay.core.document;

import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A parsed YAML or JSON document and the problems found in it so far. Text starting with
 * <code>{</code> or {@code [} is read as JSON (or, when it is not valid JSON, as a YAML flow
 * collection), anything else as YAML. Parsing fails at once only when
 * the text is too large or not YAML/JSON at all; every other problem (duplicate keys, then what
 * the caller finds through {@link #root()}) is collected and raised by {@link #finish}.
 */
public final class Document {
    /** The largest document read, in characters (1 MiB). */
    public static final int MAX_CHARS = 1 << 20;
    /** The largest file read, in bytes: {@link #MAX_CHARS} characters of up to 4 UTF-8 bytes each. */
    public static final long MAX_FILE_BYTES = 4L * MAX_CHARS;

    private final String subject;
    private final Problems problems;
    private final Node root;
    /** The path of the root: empty for a whole document, the section's path for {@link Section#document()}. */
    private final String rootPath;

    private Document(String subject, Problems problems, Node root) {
        this(subject, problems, root, "");
    }

    Document(String subject, Problems problems, Node root, String rootPath) {
        this.subject = subject;
        this.problems = problems;
        this.root = root;
        this.rootPath = rootPath;
    }

    /**
     * Parses {@code text}; {@code subject} names the document in the exception message (e.g.
     * {@code invalid contract definition}, or a file name).
     *
     * @throws InvalidDocumentException when the text is larger than {@link #MAX_CHARS} or not YAML/JSON
     */
    public static Document parse(String text, String subject) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(subject, "subject");
        Problems problems = new Problems();
        if (text.length() > MAX_CHARS) {
            problems.add("", 0, "document is " + text.length() + " characters, more than the " + MAX_CHARS + " allowed");
            problems.throwIfAny(subject);
        }
        try {
            return new Document(subject, problems, TreeParser.parse(text, problems));
        } catch (TreeParser.Unreadable e) {
            problems.add(e.problem);
            throw new InvalidDocumentException(subject, problems.list());
        }
    }

    /**
     * Reads and parses a UTF-8 file; {@code kind} names it in I/O errors ({@code contract file x does not exist}).
     *
     * @throws InvalidInputException when the file is missing, unreadable, not UTF-8 or too large, or as {@link #parse}
     */
    public static Document read(Path file, String kind, String subject) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new InvalidDocumentException(subject, List.of(new Problem("", 0,
                        kind + " " + file + " is " + size + " bytes, more than the " + MAX_FILE_BYTES + " allowed")));
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(kind + " " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(kind + " " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + kind + " " + file + ": " + e.getMessage(), e);
        }
        return parse(text, subject);
    }

    /** True when the document holds nothing (no text, only comments, or a bare null). */
    public boolean isEmpty() {
        return root == null || (root instanceof Node.Scalar s && s.isNull());
    }

    /**
     * The top-level mapping; an empty document gives an empty mapping, and a document that is
     * not a mapping gives a problem and an empty mapping.
     */
    public Mapping root() {
        if (root instanceof Node.MapNode m) return new Mapping(m, rootPath, problems);
        if (!isEmpty()) problems.add(rootPath, root.line(), "the document must be a mapping of keys, but was " + Node.describe(root));
        return new Mapping(new Node.MapNode(new LinkedHashMap<>(), 1), rootPath, problems);
    }

    /** The problems found so far; callers may add their own (e.g. from environment variables). */
    public Problems problems() {
        return problems;
    }

    /** Throws every problem found as one {@link InvalidDocumentException}, or else returns what {@code build} builds. */
    public <T> T finish(Supplier<T> build) {
        problems.throwIfAny(subject);
        return build.get();
    }

    /** The path of {@code key} inside {@code path}: {@code guards[2]} and {@code threshold} give {@code guards[2].threshold}. */
    static String child(String path, String key) {
        String k = key.length() <= 60 ? key : key.substring(0, 57) + "...";
        k = k.replaceAll("\\p{Cntrl}", "?");
        return path.isEmpty() ? k : path + "." + k;
    }
}
