package dev.assay.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.assay.core.AssayException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.auth.Principal;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What route handlers need from a request: its JSON body, its principal, typed path parameters. */
public final class Requests {
    static final String PRINCIPAL_ATTRIBUTE = "assay.principal";
    static final String MAX_BYTES_ATTRIBUTE = "assay.maxRequestBytes";
    private static final int MAX_DETAIL = 200;
    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

    private Requests() {}

    /**
     * The body parsed as {@code type}, which must be a JSON object; an {@link InvalidInputException}
     * naming the problem otherwise (empty body, {@code null} or another JSON type, malformed JSON
     * with line, column and field, unknown field, field of the wrong JSON type with its path). The
     * body may be sent gzip-compressed as {@link #decodedBody} reads it; bodies over the configured
     * limit fail with 413 before parsing.
     */
    public static <T> T body(Context ctx, Class<T> type) {
        return parse(decodedBody(ctx), type, "request body");
    }

    /**
     * Reads and discards the rest of a request's body, at most {@code budget} bytes, so that a refusal
     * sent before the body was read reaches the client: closing a socket with unread data makes the
     * kernel reset it, and the reset can destroy the response before the client has read it. False
     * when the body is larger than the budget or cannot be read (then the connection is dropped).
     */
    public static boolean discardBody(Context ctx, long budget) {
        if (ctx.req().getContentLengthLong() > budget) return false;
        try (var in = ctx.req().getInputStream()) {
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > budget) return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The body's bytes as sent. A body that stops arriving is a 408 once the idle timeout passes;
     * one whose connection the client closed early, or with broken chunked framing, is a 400; all are logged at INFO without a
     * stack trace (the client's fault, not the server's).
     */
    public static byte[] rawBody(Context ctx) {
        try {
            return ctx.bodyAsBytes();
        } catch (Exception e) { // the HTTP boundary: Javalin (Kotlin) throws the servlet stream's IOException undeclared
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof org.eclipse.jetty.http.HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                    LOG.info("request {} {}: malformed body: {}", ctx.method(), ctx.path(), h.getReason());
                    throw new HttpResponseException(h.getCode(), "malformed request body" + (h.getReason() == null ? "" : ": " + h.getReason()));
                }
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.util.concurrent.TimeoutException) {
                    LOG.info("request {} {}: body not received within the idle timeout", ctx.method(), ctx.path());
                    throw new HttpResponseException(408, "the request body did not arrive within the idle timeout");
                }
                if (t instanceof org.eclipse.jetty.io.EofException) {
                    LOG.info("request {} {}: the client closed the connection before the body was complete", ctx.method(), ctx.path());
                    throw new HttpResponseException(400, "the request body ended before it was complete");
                }
            }
            if (e instanceof RuntimeException r) throw r;
            if (e instanceof IOException io) throw new java.io.UncheckedIOException(io);
            throw new IllegalStateException(e);
        }
    }

    /** {@code bytes} parsed as {@code type} as {@link #body} does; {@code what} names the input in messages. */
    public static <T> T parse(byte[] bytes, Class<T> type, String what) {
        if (isBlank(bytes)) throw new InvalidInputException(what + " is empty; expected a JSON object");
        T value;
        // the parser stays open until the errors are reported, so that they can say what it stood on
        try (JsonParser parser = Json.MAPPER.createParser(bytes)) {
            value = read(parser, type, what);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + what + ": " + e.getMessage(), e);
        }
        if (value == null) throw new InvalidInputException(what + " must be a JSON object, but was null");
        return value;
    }

    private static <T> T read(JsonParser parser, Class<T> type, String what) {
        try {
            return Json.MAPPER.readValue(parser, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof AssayException cause) throw cause;
            if (e.getCause() instanceof IllegalArgumentException cause && cause.getMessage() != null)
                throw new InvalidInputException(what + ": " + cause.getMessage(), e);
            throw new InvalidInputException(what + " is not valid", e);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInputException("unknown field '" + path(e) + "' in " + what, e);
        } catch (MismatchedInputException e) {
            String field = path(e);
            String expected = expected(e.getTargetType());
            String actual = actual(parser);
            throw new InvalidInputException(field.isEmpty()
                    ? what + " must be " + expected + ", but was " + actual
                    : "field '" + field + "' must be " + expected + ", but was " + actual, e);
        } catch (JsonProcessingException e) {
            String field = field(parser.getParsingContext());
            throw new InvalidInputException("malformed JSON" + location(e) + " in " + what
                    + (field.isEmpty() ? "" : ", field '" + field + "'") + ": " + detail(e), e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    /** The dotted path of the field the parser stood in, e.g. {@code provenance.seed} or {@code candidateLatencies[0]}; empty at the top. */
    private static String field(com.fasterxml.jackson.core.JsonStreamContext context) {
        String path = "";
        for (var c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) path = c.getCurrentName() + (path.isEmpty() || path.startsWith("[") ? "" : ".") + path;
            else if (c.inArray()) path = "[" + Math.max(0, c.getCurrentIndex()) + "]" + path;
        }
        return path;
    }

    /**
     * The body's bytes, gunzipped when sent with {@code Content-Encoding: gzip}. Compressed or
     * decompressed, a body over the configured limit is a 413 (a gzip bomb stops at the limit);
     * another encoding is a 415.
     */
    public static byte[] decodedBody(Context ctx) {
        byte[] raw = rawBody(ctx);
        String encoding = ctx.header("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) return raw;
        if (!encoding.strip().equalsIgnoreCase("gzip"))
            throw new HttpResponseException(415, "Content-Encoding '" + encoding.strip() + "' is not supported; send gzip or none");
        return gunzip(raw, maxBytes(ctx), "request body");
    }

    /** Whether {@code bytes} start with the gzip magic number. */
    public static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** {@code gz} decompressed; a 413 as soon as more than {@code max} bytes come out, a 400 naming {@code what} for bad gzip. */
    public static byte[] gunzip(byte[] gz, long max, String what) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(gz.length * 4, 1 << 20));
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                total += n;
                if (total > max) throw new HttpResponseException(413, "decompressed body too large");
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new InvalidInputException(what + " is not valid gzip data: " + e.getMessage());
        }
    }

    /** The configured body limit in bytes, which also bounds decompressed bodies. */
    public static long maxBytes(Context ctx) {
        Long max = ctx.attribute(MAX_BYTES_ATTRIBUTE);
        if (max == null) throw new IllegalStateException("route " + ctx.path() + " is not guarded; it has no body limit");
        return max;
    }

    /** The caller of a route that requires a role; fails on anonymous routes, where there is none. */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL_ATTRIBUTE);
        if (p == null) throw new IllegalStateException("route " + ctx.path() + " is anonymous; it has no principal");
        return p;
    }

    /** Path parameter {@code name} as a positive long, or an {@link InvalidInputException} naming it. */
    /** Query parameter {@code name} as an integer in {@code min..max}, {@code dflt} when absent; a 400 naming it otherwise. */
    public static long queryLong(Context ctx, String name, long dflt, long min, long max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return dflt;
        try {
            long v = Long.parseLong(raw.trim());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("query parameter '" + name + "' must be an integer in " + min + ".." + max
                + ", but was '" + raw + "'");
    }

    public static long pathId(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            long v = Long.parseLong(raw);
            if (v > 0) return v;
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new InvalidInputException("path parameter '" + name + "' must be a positive integer, but was '" + raw + "'");
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return false;
        return true;
    }

    /** The dotted JSON path of the field a mapping error is about, e.g. {@code provenance.seed} or {@code items[2]}. */
    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
        }
        return b.toString();
    }

    /** What a Java type needs in JSON, in words. */
    private static String expected(Class<?> type) {
        if (type == null) return "of another JSON type";
        if (type == String.class) return "a string";
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class || type == Short.class
                || type == short.class) return "an integer";
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) return "an array";
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) return "an ISO-8601 string";
        if (type.isEnum()) return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        if (com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(type)) return "a JSON value";
        return "a JSON object";
    }

    /** The JSON value the parser stands on, in words, with scalars quoted (shortened). */
    private static String actual(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == null) return "nothing";
        String text;
        try {
            text = p.getText();
        } catch (IOException e) {
            text = "";
        }
        if (text != null && text.length() > 40) text = text.substring(0, 40) + "...";
        return switch (t) {
            case START_ARRAY, END_ARRAY -> "an array";
            case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
            case VALUE_STRING -> "the string \"" + text + "\"";
            case VALUE_NUMBER_INT -> "the integer " + text;
            case VALUE_NUMBER_FLOAT -> "the number " + text;
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + text;
            case VALUE_NULL -> "null";
            default -> "a value of another type";
        };
    }

    static String location(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** The parser's message without internal type names, on one line, shortened. */
    static String detail(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) return "unreadable input";
        // Jackson's advice names its own feature flags ("enable `JsonReadFeature...` to allow"): not for clients
        m = m.replaceAll(":?\\s*enable `[^`]*` to allow", "").replaceAll("`[^`]*`", "value").replaceAll("\\s+", " ").strip();
        if (m.startsWith("Non-standard token")) m += " (JSON numbers are finite: NaN and Infinity are not JSON)";
        return m.length() > MAX_DETAIL ? m.substring(0, MAX_DETAIL) + "..." : m;
    }
}
