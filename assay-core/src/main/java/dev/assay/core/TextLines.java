package dev.assay.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Line-oriented files (jsonl and the like) read one way: strict UTF-8 (a byte order mark at the start, as some Windows
 * editors write, is skipped), lines numbered from 1, blank lines skipped, each other line handed to a parser with its
 * {@code file:line}; a missing, unreadable, non-UTF-8 or empty file is an {@link InvalidInputException} naming the file.
 */
public final class TextLines {
    private TextLines() {}

    /** Turns one non-blank line into a value; {@code where} is {@code file:line}, for its error messages. */
    @FunctionalInterface
    public interface LineParser<T> {
        T parse(String line, int number, String where);
    }

    /** The parsed non-blank lines of {@code file}, at least one; {@code what} names a line's content ({@code "task"}). */
    public static <T> List<T> read(Path file, String what, LineParser<T> parser) {
        if (Files.isDirectory(file)) throw new InvalidInputException(file + " is a directory, not a jsonl file");
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<T> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (n == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (!line.isBlank()) out.add(parser.parse(line, n, file + ":" + n));
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(file + " cannot be read (permission denied)");
        } catch (MalformedInputException e) {
            throw new InvalidInputException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (out.isEmpty()) throw new InvalidInputException(file + " holds no " + what);
        return out;
    }
}
