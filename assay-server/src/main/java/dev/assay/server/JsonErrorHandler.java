package dev.assay.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.assay.core.telemetry.CorrelationId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error responses (bad request line, bad URI encoding, 414, 431, and anything a
 * handler left unanswered) in the API's JSON shape {@code {"error": {status, code, message,
 * requestId}}} instead of Jetty's HTML page. A protocol error arrives before the request filter
 * has run, so the request id is made here and echoed in {@value CorrelationId#HEADER}.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final long maxRequestBytes;

    JsonErrorHandler(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        Object attribute = request.getAttribute(RequestFilter.REQUEST_ID_ATTRIBUTE);
        String requestId = attribute instanceof String s ? s
                : CorrelationId.acceptOrGenerate(request.getHeaders().get(CorrelationId.HEADER));
        response.getHeaders().put(CorrelationId.HEADER, requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code, message, requestId)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String requestId = CorrelationId.generate();
        fields.put(new HttpField(CorrelationId.HEADER, requestId));
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason, requestId));
    }

    private byte[] body(int status, String reason, String requestId) {
        var error = new ErrorResponses.ErrorBody(status, ErrorCode.of(status).label(), message(status, reason), requestId);
        try {
            return Json.MAPPER.writeValueAsBytes(new ErrorResponses.ErrorEnvelope(error));
        } catch (JsonProcessingException e) {
            return ("{\"error\":{\"status\":" + status + "}}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** What the client did wrong, in the API's words; Jetty's reason only for a 400 and never for a 5xx. */
    private String message(int status, String reason) {
        return switch (status) {
            case 400 -> "bad request" + (reason == null || reason.isBlank() ? "" : ": " + clean(reason));
            case 404 -> "no such resource";
            case 405 -> "method not allowed";
            case 413 -> ErrorResponses.tooLarge(maxRequestBytes);
            case 414 -> "request URI is too long";
            case 431 -> "request header fields are too large";
            case 408 -> "request timed out";
            default -> status >= 500 ? ErrorResponses.INTERNAL_MESSAGE
                    : "request refused" + (reason == null || reason.isBlank() ? "" : ": " + clean(reason));
        };
    }

    private static String clean(String reason) {
        String r = reason.replaceAll("\\s+", " ").strip();
        return r.length() > 200 ? r.substring(0, 200) + "..." : r;
    }
}
