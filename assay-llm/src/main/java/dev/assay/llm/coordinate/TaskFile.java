package dev.assay.llm.coordinate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
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
import java.util.Optional;
import java.util.Set;

/** Tasks as JSON lines {@code {"prompt": "...", "reference": "..."}} (reference optional; blank lines skipped; other keys refused). */
public final class TaskFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> KEYS = Set.of("prompt", "reference");

    private TaskFile() {}

    /** Every task of {@code file}, at least one; a bad line is an {@link InvalidInputException} naming {@code file:line}. */
    public static List<Task> read(Path file) {
        if (Files.isDirectory(file)) throw new InvalidInputException(file + " is a directory, not a jsonl file");
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<Task> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (!line.isBlank()) out.add(parse(line, file + ":" + n));
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
        if (out.isEmpty()) throw new InvalidInputException(file + " holds no task");
        return out;
    }

    /** One line; {@code where} starts every error message. */
    static Task parse(String line, String where) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (n == null || !n.isObject()) throw new InvalidInputException(where + ": a line must be a JSON object");
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) throw new InvalidInputException(where + ": unknown key '" + k + "' (a task has prompt and reference)");
        }
        JsonNode p = n.get("prompt");
        if (p == null || !p.isTextual() || p.asText().isBlank()) throw new InvalidInputException(where + ": prompt must be a non-blank string");
        JsonNode ref = n.get("reference");
        if (ref != null && !ref.isNull() && !ref.isTextual()) throw new InvalidInputException(where + ": reference must be a string");
        return new Task(p.asText(), ref == null || ref.isNull() ? Optional.empty() : Optional.of(ref.asText()));
    }
}
