package dev.assay.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * POSTs a JSON body per alert with a per-request timeout. 2xx is success; 408, 425, 429, 5xx and I/O
 * errors (including the timeout) are retryable; other statuses are permanent. Messages name only the
 * scheme, host and port of the URL, since webhook paths carry secrets.
 */
final class HttpJsonChannel implements AlertChannel {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int BODY_SNIPPET = 200;

    private final String kind;
    private final URI url;
    private final String target;
    private final Duration timeout;
    private final Function<Alert, ObjectNode> payload;
    private final HttpClient client;

    HttpJsonChannel(String kind, URI url, Duration timeout, Function<Alert, ObjectNode> payload) {
        this.kind = kind;
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.payload = payload;
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException(kind + " url must be an absolute http(s) URL with a host, but was "
                    + scheme + "://" + url.getHost());
        }
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        this.target = scheme + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(payload.apply(alert));
        } catch (JsonProcessingException e) {
            throw DeliveryException.permanent("cannot encode alert " + alert.id() + " for " + kind, e);
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "assay-alerts")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        int status;
        String snippet;
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream in = response.body()) {
                snippet = new String(in.readNBytes(BODY_SNIPPET), StandardCharsets.UTF_8).strip();
            }
        } catch (HttpTimeoutException e) {
            throw DeliveryException.retryable(kind + " " + target + " did not answer within " + timeout, e);
        } catch (IOException e) {
            throw DeliveryException.retryable(kind + " " + target + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.permanent(kind + " " + target + " interrupted", e);
        }
        if (status >= 200 && status < 300) return;
        String message = kind + " " + target + " answered HTTP " + status + (snippet.isEmpty() ? "" : ": " + snippet);
        if (status == 408 || status == 425 || status == 429 || status >= 500) throw DeliveryException.retryable(message, null);
        throw DeliveryException.permanent(message, null);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    @Override
    public String toString() {
        return kind + "(" + target + ")";
    }
}
