package dev.assay.fingerprint.probe;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.AtomicFiles;
import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.response.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Probes in an order (a selection's order, or a file's), at least one, ids distinct. {@link #id()} is the probe set
 * id a signature over exactly these probes carries ({@code Signature.probeSetId()}: SHA-256 of the sorted ids, one
 * per line), so a selection can be matched to the signatures built on it; {@link #digest()} also covers the prompts.
 */
public record ProbeSet(List<Probe> probes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ProbeSet {
        Objects.requireNonNull(probes, "probes");
        if (probes.isEmpty()) throw new InvalidInputException("a probe set needs at least one probe");
        Map<String, Probe> seen = new HashMap<>();
        for (Probe p : probes) {
            if (seen.put(Objects.requireNonNull(p, "probe").id(), p) != null) {
                throw new InvalidInputException("prompt_id " + p.id() + " appears twice in the probe set");
            }
        }
        probes = List.copyOf(probes);
    }

    /** Number of probes. */
    public int size() {
        return probes.size();
    }

    /** The probe ids, in order. */
    public List<String> ids() {
        return probes.stream().map(Probe::id).toList();
    }

    /** The probe with id {@code id}, or null. */
    public Probe probe(String id) {
        for (Probe p : probes) if (p.id().equals(id)) return p;
        return null;
    }

    /** SHA-256 (hex) of the sorted probe ids, one per line: what {@code Signature.probeSetId()} gives over these probes. */
    public String id() {
        StringBuilder sb = new StringBuilder();
        for (String id : new TreeMap<>(byId()).keySet()) sb.append(id).append('\n');
        return Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 (hex) of the probes sorted by id, each as the JSON line {@code {"prompt_id":..,"prompt":..}}: ids and prompts. */
    public String digest() {
        StringBuilder sb = new StringBuilder();
        for (Probe p : new TreeMap<>(byId()).values()) sb.append(line(p)).append('\n');
        return Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Probe> byId() {
        Map<String, Probe> m = new LinkedHashMap<>();
        for (Probe p : probes) m.put(p.id(), p);
        return m;
    }

    /**
     * The probes of a response log, one per prompt_id in first-seen order, refusing a response without a prompt and
     * a prompt_id asked with two different prompts; {@code source} names the log in messages.
     */
    public static ProbeSet ofResponses(List<Response> responses, String source) {
        Map<String, Probe> m = new LinkedHashMap<>();
        for (Response r : responses) {
            if (r.prompt() == null || r.prompt().isBlank()) {
                throw new InvalidInputException(source + ": the response to " + r.probeId() + " has no prompt");
            }
            Probe old = m.putIfAbsent(r.probeId(), new Probe(r.probeId(), r.prompt()));
            if (old != null && !old.prompt().equals(r.prompt())) {
                throw new InvalidInputException(source + ": prompt_id " + r.probeId() + " is asked with two different prompts");
            }
        }
        if (m.isEmpty()) throw new InvalidInputException(source + ": no probes");
        return new ProbeSet(new ArrayList<>(m.values()));
    }

    /**
     * Reads probes, one JSON object per line with {@code prompt_id} (a string or an integer, as response logs have it)
     * and {@code prompt} (a non-blank string); other fields are ignored, so a log of one response per prompt is a probe file.
     * Blank lines are skipped, a {@code .gz} file is gunzipped. The first bad line refuses the file as
     * {@code file:line: problem}; a prompt_id seen before names the line where it was first.
     */
    public static ProbeSet read(Path file) {
        String source = file.toString();
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
            List<Probe> probes = new ArrayList<>();
            Map<String, Long> firstLine = new HashMap<>();
            long n = 0;
            String text;
            while (true) {
                try {
                    text = reader.readLine();
                } catch (CharacterCodingException e) {
                    throw new InvalidInputException(source + ":" + (n + 1) + ": not UTF-8 text");
                }
                if (text == null) break;
                n++;
                if (text.isBlank()) continue;
                Probe p;
                try {
                    p = parse(text);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(source + ":" + n + ": " + e.getMessage());
                }
                Long first = firstLine.putIfAbsent(p.id(), n);
                if (first != null) {
                    throw new InvalidInputException(source + ":" + n + ": prompt_id " + p.id() + " appears again (first at line " + first + ")");
                }
                probes.add(p);
            }
            if (probes.isEmpty()) throw new InvalidInputException(source + ": no probes (a probe set needs at least one)");
            return new ProbeSet(probes);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("probe file " + source + " does not exist");
        } catch (java.util.zip.ZipException e) {
            throw new InvalidInputException(source + ": not a gzip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    /** One probe from its JSON line. */
    static Probe parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new InvalidInputException("not valid JSON: " + String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " "));
        }
        if (node == null || !node.isObject()) throw new InvalidInputException("a probe must be a JSON object");
        JsonNode id = node.get("prompt_id");
        if (id == null || id.isNull()) throw new InvalidInputException("field prompt_id is required");
        if (!id.isTextual() && !id.isIntegralNumber()) {
            throw new InvalidInputException("prompt_id must be a string or an integer, but was " + abbreviate(id.toString()));
        }
        JsonNode prompt = node.get("prompt");
        if (prompt == null || prompt.isNull()) throw new InvalidInputException("field prompt is required");
        if (!prompt.isTextual()) throw new InvalidInputException("prompt must be a string, but was " + abbreviate(prompt.toString()));
        return new Probe(id.asText(), prompt.asText());
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String line(Probe p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("prompt_id", p.id());
        o.put("prompt", p.prompt());
        return o.toString();
    }

    /** The probes as JSON lines {@code {"prompt_id", "prompt"}}, in order. */
    public String toJsonLines() {
        StringBuilder sb = new StringBuilder();
        for (Probe p : probes) sb.append(line(p)).append('\n');
        return sb.toString();
    }

    /** Writes {@link #toJsonLines()} to {@code file} atomically. */
    public void write(Path file) {
        try {
            AtomicFiles.replace(file, toJsonLines().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
