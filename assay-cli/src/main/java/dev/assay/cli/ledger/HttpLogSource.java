package dev.assay.cli.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.AssayException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.tlog.proof.ConsistencyProof;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An Assay service's ledger over HTTP ({@code /api/v1/ledger/checkpoint}, {@code .../proof/consistency},
 * {@code .../public-key}), with a viewer bearer token. A refused token or bad request is bad input;
 * an unreachable or failing service is an internal failure.
 */
final class HttpLogSource implements LogSource {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String checkpointPath;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpLogSource(String baseUrl, String checkpointPath, String token) {
        URI u;
        try {
            u = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--checkpoint is not a URL: " + baseUrl);
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null)
            throw new InvalidInputException("--checkpoint must be an http:// or https:// address, but was '" + baseUrl + "'");
        this.base = u;
        this.checkpointPath = checkpointPath;
        this.token = token;
    }

    /**
     * The service whose checkpoint is at {@code url}: its {@code /api/v1/ledger/checkpoint} or
     * {@code .../checkpoint/cosigned}, or its base address (then the cosigned checkpoint when
     * {@code cosigned}, else the newest).
     */
    static HttpLogSource ofCheckpointUrl(String url, String token, boolean cosigned) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        for (String suffix : new String[] {"/api/v1/ledger/checkpoint", "/api/v1/ledger/checkpoint/cosigned"}) {
            if (base.endsWith(suffix)) return new HttpLogSource(base.substring(0, base.length() - suffix.length()), suffix, token);
        }
        return new HttpLogSource(base, cosigned ? "/api/v1/ledger/checkpoint/cosigned" : "/api/v1/ledger/checkpoint", token);
    }

    @Override
    public String checkpoint() {
        return get(checkpointPath);
    }

    @Override
    public ConsistencyProof consistency(long from, long to) {
        String body = get("/api/v1/ledger/proof/consistency?from=" + from + "&to=" + to);
        try {
            return ConsistencyProof.parse(body);
        } catch (InvalidInputException e) {
            throw new AssayException("the service at " + base + " sent a malformed consistency proof: " + e.getMessage(), e);
        }
    }

    @Override
    public String verifierKey() {
        JsonNode n = json(get("/api/v1/ledger/public-key"));
        if (!n.path("verifierKey").isTextual())
            throw new AssayException("the service at " + base + " does not give its ledger's verifier key");
        return n.get("verifierKey").asText();
    }

    private String get(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssayException("cannot reach " + base + ": " + (e.getMessage() == null ? "connection failed" : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssayException("interrupted while asking " + base, e);
        }
        if (r.statusCode() == 200) return r.body();
        String message = error(r.body());
        if (r.statusCode() == 401 || r.statusCode() == 403)
            throw new InvalidInputException("the service at " + base + " refused the token (HTTP " + r.statusCode() + "): " + message
                    + "; pass a viewer token with --token");
        if (r.statusCode() >= 400 && r.statusCode() < 500)
            throw new InvalidInputException("the service at " + base + " answered HTTP " + r.statusCode() + " to " + path + ": " + message);
        throw new AssayException("the service at " + base + " answered HTTP " + r.statusCode() + " to " + path + ": " + message);
    }

    private static String error(String body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            return n == null ? "(no message)" : n.path("error").path("message").asText("(no message)");
        } catch (JsonProcessingException e) {
            return "(no message)";
        }
    }

    private JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssayException("the service at " + base + " sent malformed JSON: " + e.getOriginalMessage(), e);
        }
    }
}
