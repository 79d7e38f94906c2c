package dev.assay.fingerprint.response;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads response logs: one JSON object per line,
 * {@code {"model": "m", "prompt_id": "p1", "prompt": "...", "response": "...", "tool_calls": [...], "vector": [...]}}.
 * {@code prompt_id} is required (a string or an integer); {@code model}, {@code prompt}, {@code tool_calls} (OpenAI's
 * {@code [{"type": "function", "function": {"name", "arguments"}}]} or {@code [{"name", "arguments"}]}) and
 * {@code vector} (numbers) are optional, {@code response} may be empty; other fields are ignored. Optional
 * {@code logprobs} are the generated tokens' log-probabilities in OpenAI's chat shape
 * ({@code {"content": [{"token", "logprob", "top_logprobs": [{"token", "logprob"}]}]}}, or that array alone) or its
 * completions shape ({@code {"tokens": [...], "token_logprobs": [...], "top_logprobs": [{"token": logprob}]}}). Without
 * {@code tool_calls}, lines of the response that read {@code CALL name {json}} are its tool calls. Blank lines are
 * skipped; a file ending in {@code .gz} is gunzipped.
 *
 * <p>Memory is bounded per line: a line longer than {@link Options#maxLineBytes()} is not held, only skipped over
 * and reported. A bad line either stops the read ({@code skipBadLines = false}: an {@link InvalidInputException}
 * naming the file and line) or is skipped and reported in the {@link Report}.
 */
public final class ResponseLog {
    /** Longest line read by default: 16 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 << 20;
    /** Bad lines kept in a report (all are counted). */
    static final int KEPT_PROBLEMS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponseLog() {}

    /** How to read: skip bad lines (and report them) or refuse the whole log at the first; the longest line. */
    public record Options(boolean skipBadLines, int maxLineBytes) {
        public static final Options STRICT = new Options(false, DEFAULT_MAX_LINE_BYTES);
        public static final Options SKIP_BAD_LINES = new Options(true, DEFAULT_MAX_LINE_BYTES);

        public Options {
            if (maxLineBytes < 64) throw new IllegalArgumentException("maxLineBytes must be at least 64, but was " + maxLineBytes);
        }
    }

    /** A line that was not a response, by its 1-based number. */
    public record BadLine(long line, String problem) {}

    /** What a read saw: lines, responses delivered, and the bad lines (the first {@value #KEPT_PROBLEMS} kept). */
    public record Report(String source, long lines, long responses, long badLineCount, List<BadLine> badLines) {
        public Report {
            badLines = List.copyOf(badLines);
        }

        /** One line per bad line, {@code source:line: problem}, then how many more there were. */
        public List<String> describeBadLines() {
            List<String> out = new ArrayList<>();
            for (BadLine b : badLines) out.add(source + ":" + b.line() + ": " + b.problem());
            if (badLineCount > badLines.size()) out.add(source + ": and " + (badLineCount - badLines.size()) + " more bad lines");
            return out;
        }
    }

    /** Reads every response of {@code file} into a list. */
    public static List<Response> readAll(Path file, Options options) {
        List<Response> out = new ArrayList<>();
        read(file, options, out::add);
        return out;
    }

    /** Streams the responses of {@code file} to {@code sink}, in file order. */
    public static Report read(Path file, Options options, Consumer<? super Response> sink) {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            return read(in, source, options, sink);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("response log " + source + " does not exist");
        } catch (java.util.zip.ZipException e) {
            throw new InvalidInputException(source + ": not a gzip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    /** Streams the responses of a log read from {@code in} (named {@code source} in messages). */
    public static Report read(InputStream in, String source, Options options, Consumer<? super Response> sink) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<BadLine> bad = new ArrayList<>();
        long badCount = 0;
        long lines = 0;
        long responses = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
        boolean tooLong = false;
        boolean any = false;
        byte[] buf = new byte[1 << 16];
        int len = 0;
        int pos = 0;
        while (true) {
            int b;
            if (pos < len) {
                b = buf[pos++] & 0xff;
            } else {
                len = in.read(buf);
                pos = 0;
                if (len > 0) continue;
                b = -1;
            }
            if (b == -1 && !any) break;
            if (b == '\n' || b == -1) {
                lines++;
                String problem = null;
                Response r = null;
                if (tooLong) {
                    problem = "line is longer than " + options.maxLineBytes() + " bytes";
                } else {
                    byte[] bytes = line.toByteArray();
                    if (!isBlank(bytes)) {
                        try {
                            r = parse(decoder.decode(ByteBuffer.wrap(bytes)).toString());
                        } catch (CharacterCodingException e) {
                            problem = "not UTF-8 text";
                        } catch (InvalidInputException e) {
                            problem = e.getMessage();
                        }
                    }
                }
                if (problem != null) {
                    if (!options.skipBadLines()) throw new InvalidInputException(source + ":" + lines + ": " + problem);
                    badCount++;
                    if (bad.size() < KEPT_PROBLEMS) bad.add(new BadLine(lines, problem));
                } else if (r != null) {
                    sink.accept(r);
                    responses++;
                }
                line.reset();
                tooLong = false;
                any = false;
                if (b == -1) break;
                continue;
            }
            any = true;
            if (tooLong) continue;
            if (line.size() >= options.maxLineBytes()) {
                tooLong = true;
                line.reset();
                continue;
            }
            line.write(b);
        }
        return new Report(source, lines, responses, badCount, bad);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte x : bytes) {
            if (x != ' ' && x != '\t' && x != '\r') return false;
        }
        return true;
    }

    /** One response from its JSON line. */
    public static Response parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw new InvalidInputException("not valid JSON: " + String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " "));
        }
        if (node == null || !node.isObject()) throw new InvalidInputException("a response must be a JSON object");
        String model = optionalText(node, "model");
        JsonNode id = node.get("prompt_id");
        if (id == null || id.isNull()) throw new InvalidInputException("field prompt_id is required");
        if (!id.isTextual() && !id.isIntegralNumber()) {
            throw new InvalidInputException("prompt_id must be a string or an integer, but was " + abbreviate(id.toString()));
        }
        String prompt = optionalText(node, "prompt");
        String text = optionalText(node, "response");
        List<ToolCall> calls = node.has("tool_calls") && !node.get("tool_calls").isNull()
                ? toolCalls(node.get("tool_calls")) : Response.toolCallsIn(text);
        float[] vector = node.has("vector") && !node.get("vector").isNull() ? vector(node.get("vector")) : null;
        List<TokenLogprob> logprobs = node.has("logprobs") && !node.get("logprobs").isNull() ? logprobs(node.get("logprobs")) : null;
        return new Response(model, id.asText(), prompt, text, calls, vector, logprobs);
    }

    /** Token log-probabilities in the chat shape (an object with {@code content}, or its array) or the completions shape. */
    static List<TokenLogprob> logprobs(JsonNode node) {
        if (node.isObject() && node.has("content")) node = node.get("content");
        if (node.isArray()) {
            List<TokenLogprob> out = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                JsonNode t = node.get(i);
                String where = "logprobs[" + i + "]";
                if (!t.isObject()) throw new InvalidInputException(where + " must be an object with token and logprob");
                double lp = number(t.get("logprob"), where + ".logprob");
                List<TokenLogprob.Alternative> top = new ArrayList<>();
                JsonNode alts = t.get("top_logprobs");
                if (alts != null && !alts.isNull()) {
                    if (!alts.isArray()) throw new InvalidInputException(where + ".top_logprobs must be an array");
                    for (int j = 0; j < alts.size(); j++) {
                        JsonNode a = alts.get(j);
                        if (!a.isObject()) throw new InvalidInputException(where + ".top_logprobs[" + j + "] must be an object with token and logprob");
                        top.add(new TokenLogprob.Alternative(a.path("token").asText(""), number(a.get("logprob"), where + ".top_logprobs[" + j + "].logprob")));
                    }
                }
                out.add(new TokenLogprob(t.path("token").asText(""), lp, top));
            }
            return out;
        }
        if (node.isObject() && node.has("token_logprobs")) {
            JsonNode tokens = node.get("tokens");
            JsonNode lps = node.get("token_logprobs");
            JsonNode tops = node.get("top_logprobs");
            if (!lps.isArray()) throw new InvalidInputException("logprobs.token_logprobs must be an array");
            if (tokens != null && !tokens.isNull() && (!tokens.isArray() || tokens.size() != lps.size())) {
                throw new InvalidInputException("logprobs.tokens must be an array as long as logprobs.token_logprobs");
            }
            if (tops != null && !tops.isNull() && (!tops.isArray() || tops.size() != lps.size())) {
                throw new InvalidInputException("logprobs.top_logprobs must be an array as long as logprobs.token_logprobs");
            }
            List<TokenLogprob> out = new ArrayList<>(lps.size());
            for (int i = 0; i < lps.size(); i++) {
                if (lps.get(i).isNull()) continue;
                double lp = number(lps.get(i), "logprobs.token_logprobs[" + i + "]");
                List<TokenLogprob.Alternative> top = new ArrayList<>();
                JsonNode alts = tops == null || tops.isNull() ? null : tops.get(i);
                if (alts != null && !alts.isNull()) {
                    if (!alts.isObject()) throw new InvalidInputException("logprobs.top_logprobs[" + i + "] must be an object of token: logprob");
                    for (var e : alts.properties()) {
                        top.add(new TokenLogprob.Alternative(e.getKey(), number(e.getValue(), "logprobs.top_logprobs[" + i + "]." + abbreviate(e.getKey()))));
                    }
                }
                out.add(new TokenLogprob(tokens == null || tokens.isNull() ? "" : tokens.get(i).asText(""), lp, top));
            }
            return out;
        }
        throw new InvalidInputException("logprobs must be an array of {token, logprob, top_logprobs}, an object with content, "
                + "or an object with token_logprobs");
    }

    private static double number(JsonNode x, String where) {
        if (x == null || x.isNull()) throw new InvalidInputException(where + " is missing");
        if (!x.isNumber()) throw new InvalidInputException(where + " is not a number");
        return x.asDouble();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new InvalidInputException(field + " must be a string, but was " + abbreviate(v.toString()));
        return v.asText();
    }

    private static List<ToolCall> toolCalls(JsonNode array) {
        if (!array.isArray()) throw new InvalidInputException("tool_calls must be an array");
        List<ToolCall> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode c = array.get(i);
            JsonNode f = c.has("function") ? c.get("function") : c;
            JsonNode name = f.get("name");
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                throw new InvalidInputException("tool_calls[" + i + "] has no name");
            }
            JsonNode args = f.get("arguments");
            out.add(args != null && args.isTextual() ? ToolCall.of(name.asText(), args.asText()) : new ToolCall(name.asText(), args));
        }
        return out;
    }

    private static float[] vector(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) throw new InvalidInputException("vector must be a non-empty array of numbers");
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = array.get(i);
            if (!x.isNumber()) throw new InvalidInputException("vector[" + i + "] is not a number");
            v[i] = (float) x.asDouble();
            if (!Float.isFinite(v[i])) throw new InvalidInputException("vector[" + i + "] is not a finite float");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
