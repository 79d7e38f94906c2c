package dev.assay.core.tlog;

import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * A client of a C2SP {@code tlog-witness}'s {@code add-checkpoint}: submits a signed checkpoint with a
 * consistency proof from the size the witness last cosigned, and returns the witness's cosignature
 * lines or why there are none. Responses are bounded ({@link #MAX_RESPONSE_BYTES}); every request has
 * the client's timeout. Thread safe.
 */
public final class WitnessClient {
    /** Largest response body read. */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final HttpClient http;
    private final URI addCheckpoint;
    private final Duration timeout;

    private WitnessClient(HttpClient http, URI submissionPrefix, Duration timeout) {
        this.http = http;
        String base = submissionPrefix.toString();
        this.addCheckpoint = URI.create(base.endsWith("/") ? base + "add-checkpoint" : base + "/add-checkpoint");
        this.timeout = timeout;
    }

    /** A client of the witness at {@code submissionPrefix} (http or https), each request limited to {@code timeout}. */
    public static WitnessClient create(URI submissionPrefix, Duration timeout) {
        Objects.requireNonNull(submissionPrefix, "submissionPrefix");
        String scheme = submissionPrefix.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || submissionPrefix.getHost() == null)
            throw new InvalidInputException("a witness URL is http:// or https:// with a host, but was '" + submissionPrefix + "'");
        if (timeout.isNegative() || timeout.isZero()) throw new InvalidInputException("the witness timeout must be positive, but was " + timeout);
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        return new WitnessClient(http, submissionPrefix, timeout);
    }

    /** What a witness answered to {@code add-checkpoint}. */
    public sealed interface Result {
        /** 200: the witness's cosignature lines, each ending in a newline. */
        record Cosigned(List<String> lines) implements Result {
            public Cosigned {
                lines = List.copyOf(lines);
            }
        }

        /** 409: the witness last cosigned a checkpoint of {@code witnessSize}; resubmit with a proof from that size. */
        record Conflict(long witnessSize) implements Result {}

        /** 422: the witness found the consistency proof (or the empty tree's root) wrong. */
        record BadProof(String message) implements Result {}

        /** Any other answer (400 malformed, 403 bad log signature, 404 unknown log, ...), with its status and body. */
        record Refused(int status, String message) implements Result {}

        /** No answer: connection refused, timed out, or an answer that is not HTTP or not the protocol's. */
        record Unreachable(String reason) implements Result {}
    }

    /** Submits {@code note}, claiming the witness last cosigned size {@code oldSize}, with {@code proof} from that size. */
    public Result addCheckpoint(long oldSize, List<byte[]> proof, String note) {
        String body = Witness.Request.format(oldSize, proof, note);
        HttpRequest request = HttpRequest.newBuilder(addCheckpoint).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Result.Unreachable("witness " + addCheckpoint + ": " + (e.getMessage() == null ? "connection failed" : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Unreachable("interrupted while waiting for witness " + addCheckpoint);
        }
        byte[] raw = response.body();
        if (raw.length > MAX_RESPONSE_BYTES) return new Result.Unreachable("witness " + addCheckpoint + " answered more than "
                + MAX_RESPONSE_BYTES + " bytes");
        String text = new String(raw, StandardCharsets.UTF_8);
        return switch (response.statusCode()) {
            case 200 -> {
                try {
                    yield new Result.Cosigned(Cosignature.lines(text));
                } catch (InvalidInputException e) {
                    yield new Result.Unreachable("witness " + addCheckpoint + " answered 200 without cosignature lines: " + e.getMessage());
                }
            }
            case 409 -> {
                String size = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
                if (!size.matches("0|[1-9][0-9]{0,18}")) yield new Result.Unreachable("witness " + addCheckpoint
                        + " answered 409 without a tree size");
                yield new Result.Conflict(Long.parseLong(size));
            }
            case 422 -> new Result.BadProof(text.strip());
            default -> new Result.Refused(response.statusCode(), text.strip());
        };
    }

    /**
     * Submits {@code note} assuming the witness last cosigned {@code knownSize} (0 when unknown); on a
     * conflict, resubmits once with the proof {@code proofFrom} gives from the witness's size (when that is
     * not beyond the note's: a witness ahead of the log is answered as it is).
     * {@code proofFrom.apply(0)} is never called: a proof from the empty tree is empty.
     */
    public Result submit(String note, long knownSize, LongFunction<List<byte[]>> proofFrom) {
        Result r = addCheckpoint(knownSize, knownSize == 0 ? List.of() : proofFrom.apply(knownSize), note);
        long size = Checkpoint.parse(note.substring(0, Math.max(0, note.lastIndexOf("\n\n") + 1))).size();
        if (r instanceof Result.Conflict c && c.witnessSize() != knownSize && c.witnessSize() <= size)
            return addCheckpoint(c.witnessSize(), c.witnessSize() == 0 ? List.of() : proofFrom.apply(c.witnessSize()), note);
        return r;
    }
}
