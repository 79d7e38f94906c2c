package dev.assay.fingerprint.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import dev.assay.core.monitor.Ingested;
import dev.assay.core.monitor.Monitors;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ToolCall;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatException;
import dev.assay.models.chat.ChatRequest;
import dev.assay.models.chat.ChatResponse;
import dev.assay.models.chat.CircuitOpenException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a live model endpoint every prompt of a probe set, round after round, and submits the answers to a
 * fingerprint monitor through the core {@link Monitors} (one batch per round: durable once {@link #round()} returns,
 * in probe order, timed by the injected clock when each answer came). A probe whose call fails (after the chat
 * client's retries) is reported in the round and skipped; an open circuit ends the round early. Rounds run on an
 * injected scheduler ({@link #start}) or are driven directly ({@link #round()}) by tests and the command line.
 */
public final class Prober {
    private static final Logger log = LoggerFactory.getLogger(Prober.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Most probes a probe file may hold. */
    public static final int MAX_PROBES = 10_000;

    /** One probe prompt. */
    public record Probe(String promptId, String prompt) {
        public Probe {
            if (promptId == null || promptId.isBlank()) throw new InvalidInputException("a probe needs a prompt_id");
            if (prompt == null || prompt.isEmpty()) throw new InvalidInputException("probe " + promptId + " needs a prompt");
        }
    }

    /** What one round did: probes sent, answers stored, and each failure ({@code prompt_id: why}). */
    public record Round(int sent, int answered, List<String> failures, Ingested ingested) {
        public Round {
            failures = List.copyOf(failures);
        }
    }

    private final ChatClient client;
    private final String endpointModel;
    private final List<Probe> probes;
    private final Monitors monitors;
    private final String monitorId;
    private final Clock clock;

    /**
     * A prober asking {@code client} (for model {@code endpointModel}, the name the endpoint knows) each of
     * {@code probes} and feeding monitor {@code monitorId} of {@code monitors}.
     */
    public Prober(ChatClient client, String endpointModel, List<Probe> probes, Monitors monitors, String monitorId, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        if (endpointModel == null || endpointModel.isBlank()) throw new InvalidInputException("the endpoint's model name must not be blank");
        this.endpointModel = endpointModel;
        if (probes.isEmpty()) throw new InvalidInputException("a prober needs at least one probe");
        this.probes = List.copyOf(probes);
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.monitorId = Objects.requireNonNull(monitorId, "monitorId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The probes of a JSONL file of {@code {"prompt_id", "prompt"}}; InvalidInputException naming the file and line. */
    public static List<Probe> readProbes(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("probe file " + file + " does not exist");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Probe> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String at = file + ":" + (i + 1) + ": ";
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new InvalidInputException(at + "not valid JSON");
            }
            if (n == null || !n.isObject()) throw new InvalidInputException(at + "a probe must be a JSON object {prompt_id, prompt}");
            JsonNode id = n.get("prompt_id");
            JsonNode prompt = n.get("prompt");
            if (id == null || !(id.isTextual() || id.isIntegralNumber())) throw new InvalidInputException(at + "prompt_id must be a string or an integer");
            if (prompt == null || !prompt.isTextual()) throw new InvalidInputException(at + "prompt must be a string");
            Probe p;
            try {
                p = new Probe(id.asText(), prompt.asText());
            } catch (InvalidInputException e) {
                throw new InvalidInputException(at + e.getMessage());
            }
            if (!ids.add(p.promptId())) throw new InvalidInputException(at + "prompt_id " + p.promptId() + " appears twice");
            out.add(p);
            if (out.size() > MAX_PROBES) throw new InvalidInputException(file + ": more than " + MAX_PROBES + " probes");
        }
        if (out.isEmpty()) throw new InvalidInputException(file + ": no probes");
        return out;
    }

    /** Sends every probe once and stores the answers as one batch of observations. */
    public Round round() {
        List<JsonNode> batch = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Probe p : probes) {
            sent++;
            ChatResponse answer;
            try {
                answer = client.complete(ChatRequest.of(endpointModel, p.prompt()));
            } catch (CircuitOpenException open) {
                failures.add(p.promptId() + ": " + open.getMessage());
                break;
            } catch (ChatException failed) {
                failures.add(p.promptId() + ": " + failed.getMessage());
                continue;
            }
            List<ToolCall> calls = answer.toolCalls().stream().map(c -> ToolCall.of(c.name(), c.arguments())).toList();
            String model = answer.model().isEmpty() ? endpointModel : answer.model();
            batch.add(FingerprintMonitorKind.observation(clock.instant(), new Response(model, p.promptId(), p.prompt(), answer.content(), calls, null)));
        }
        Ingested in = batch.isEmpty() ? new Ingested(0, 0, 0, clock.instant()) : monitors.ingest(monitorId, batch);
        if (!failures.isEmpty()) log.warn("probe round for {}: {} of {} probes failed, first: {}", monitorId, failures.size(), sent, failures.getFirst());
        return new Round(sent, in.accepted(), failures, in);
    }

    /** Runs a round every {@code interval} on {@code scheduler}, the first at once; a failed round is logged and the next runs. */
    public ScheduledFuture<?> start(ScheduledExecutorService scheduler, Duration interval) {
        if (interval.isNegative() || interval.isZero()) throw new InvalidInputException("the probe interval must be positive, but was " + interval);
        return scheduler.scheduleWithFixedDelay(() -> {
            try {
                round();
            } catch (RuntimeException e) {
                log.warn("probe round for {} failed: {}", monitorId, e.getMessage());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
}
