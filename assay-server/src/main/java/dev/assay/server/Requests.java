package dev.assay.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.assay.core.AssayException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.auth.Principal;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.stream.Collectors;

/** What route handlers need from a request: its JSON body, its principal, typed path parameters. */
public final class Requests {
    static final String PRINCIPAL_ATTRIBUTE = "assay.principal";
    private static final int MAX_DETAIL = 200;

    private Requests() {}

    /**
     * The body parsed as {@code type}; an {@link InvalidInputException} naming the problem
     * (empty body, malformed JSON with line and column, unknown or mistyped field) otherwise.
     * Bodies over the configured limit fail with 413 before parsing.
     */
    public static <T> T body(Context ctx, Class<T> type) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) throw new InvalidInputException("request body is empty; expected a JSON object");
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof AssayException cause) throw cause;
            throw new InvalidInputException("invalid request body: " + detail(e), e);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInputException("unknown field '" + e.getPropertyName() + "' in request body", e);
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new InvalidInputException("invalid request body" + (field.isEmpty() ? "" : " at '" + field + "'")
                    + ": " + detail(e), e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("malformed JSON" + location(e) + ": " + detail(e), e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read request body: " + e.getMessage(), e);
        }
    }

    /** The caller of a route that requires a role; fails on anonymous routes, where there is none. */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL_ATTRIBUTE);
        if (p == null) throw new IllegalStateException("route " + ctx.path() + " is anonymous; it has no principal");
        return p;
    }

    /** Path parameter {@code name} as a positive long, or an {@link InvalidInputException} naming it. */
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

    static String location(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    static String detail(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) return e.getClass().getSimpleName();
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() > MAX_DETAIL ? m.substring(0, MAX_DETAIL) + "..." : m;
    }
}
