package dev.assay.core.tlog;

import dev.assay.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A transparency-log witness (C2SP {@code tlog-witness}, {@code add-checkpoint}): for each log it
 * knows (origin and the log's note keys) it remembers the latest checkpoint it cosigned, and cosigns a
 * new one only when the log proves it extends that one. Requests for one origin are serialised (the
 * check of the old size and the write of the new state are one step, so two requests cannot roll the
 * state back); requests for different origins run in parallel. The state survives restarts
 * ({@link WitnessState}). Thread safe.
 */
public final class Witness implements AutoCloseable {
    /** Largest request body accepted. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** Most consistency proof lines a request may carry (the spec's limit). */
    public static final int MAX_PROOF_LINES = 63;

    private final CosignerKey key;
    private final Map<String, List<NoteKey>> logs;
    private final Map<String, ReentrantLock> locks = new HashMap<>();
    private final WitnessState state;
    private final Clock clock;

    private Witness(CosignerKey key, Map<String, List<NoteKey>> logs, WitnessState state, Clock clock) {
        this.key = key;
        this.logs = logs;
        this.state = state;
        this.clock = clock;
        for (String origin : logs.keySet()) locks.put(origin, new ReentrantLock());
    }

    /**
     * Opens a witness that cosigns with {@code key} the checkpoints of {@code logs} (origin to the keys
     * that may sign its checkpoints), keeping its state in {@code stateDir} and its time from {@code clock}.
     */
    public static Witness open(CosignerKey key, Map<String, List<NoteKey>> logs, Path stateDir, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        if (!key.canSign()) throw new InvalidInputException("the witness key " + key.name() + " has no private half");
        if (logs.isEmpty()) throw new InvalidInputException("a witness needs at least one log");
        Map<String, List<NoteKey>> copy = new HashMap<>();
        logs.forEach((origin, keys) -> {
            new Checkpoint(origin, 0, Merkle.emptyRoot()); // validates the origin
            if (keys.isEmpty()) throw new InvalidInputException("log " + origin + " has no key");
            copy.put(origin, keys.stream().map(NoteKey::verifierOnly).toList());
        });
        return new Witness(key, Map.copyOf(copy), WitnessState.open(stateDir), clock);
    }

    /** The outcome of an {@code add-checkpoint} request, with the HTTP status the spec gives it. */
    public sealed interface Outcome {
        /** The HTTP status C2SP tlog-witness gives this outcome. */
        default int status() {
            return switch (this) {
                case Cosigned c -> 200;
                case Malformed m -> 400;
                case Forbidden f -> 403;
                case UnknownLog u -> 404;
                case Conflict c -> 409;
                case BadProof b -> 422;
            };
        }

        /** 200: the checkpoint is cosigned; {@code lines} are the cosignature lines, each ending in a newline. */
        record Cosigned(String lines) implements Outcome {}

        /** 400: the request is malformed, or its old size exceeds the checkpoint's size. */
        record Malformed(String reason) implements Outcome {}

        /** 403: no valid signature of the log's keys on the checkpoint. */
        record Forbidden(String reason) implements Outcome {}

        /** 404: the witness does not know the checkpoint's origin. */
        record UnknownLog(String origin) implements Outcome {}

        /** 409: the old size is not the size the witness last cosigned, which is {@code size}. */
        record Conflict(long size) implements Outcome {}

        /** 422: the consistency proof does not prove the checkpoint extends the witness's, with the reason. */
        record BadProof(String reason) implements Outcome {}
    }

    /** The request of {@code add-checkpoint}: the old size, the consistency proof and the signed checkpoint note. */
    record Request(long oldSize, List<byte[]> proof, String note) {
        static Request parse(byte[] body) {
            if (body.length > MAX_REQUEST_BYTES) throw new InvalidInputException("the request body exceeds " + MAX_REQUEST_BYTES + " bytes");
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            } catch (CharacterCodingException e) {
                throw new InvalidInputException("the request body is not UTF-8");
            }
            int end = text.indexOf("\n\n");
            if (end < 0) throw new InvalidInputException("the request has an old size line, proof lines, a blank line and a checkpoint");
            String[] head = text.substring(0, end).split("\n", -1);
            if (!head[0].startsWith("old ")) throw new InvalidInputException("the request starts with 'old <size>', not '" + head[0] + "'");
            long old = decimal(head[0].substring(4));
            if (head.length - 1 > MAX_PROOF_LINES)
                throw new InvalidInputException("a consistency proof has at most " + MAX_PROOF_LINES + " lines, but this one has " + (head.length - 1));
            List<byte[]> proof = new ArrayList<>();
            for (int i = 1; i < head.length; i++) proof.add(hash(head[i]));
            return new Request(old, proof, text.substring(end + 2));
        }

        /** The request body: the old size line, one base64 line per proof hash, a blank line, the note. */
        static String format(long oldSize, List<byte[]> proof, String note) {
            StringBuilder b = new StringBuilder("old ").append(oldSize).append('\n');
            for (byte[] h : proof) b.append(Base64.getEncoder().encodeToString(h)).append('\n');
            return b.append('\n').append(note).toString();
        }

        private static long decimal(String s) {
            if (!s.matches("0|[1-9][0-9]{0,18}")) throw new InvalidInputException("the old size must be a decimal without leading zeros, but was '" + s + "'");
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("the old size is too large: " + s);
            }
        }

        private static byte[] hash(String line) {
            byte[] h;
            try {
                h = Base64.getDecoder().decode(line);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("consistency proof line '" + line + "' is not base64");
            }
            if (h.length != Merkle.HASH_BYTES || !Base64.getEncoder().encodeToString(h).equals(line))
                throw new InvalidInputException("consistency proof line '" + line + "' is not one base64 SHA-256 hash");
            return h;
        }
    }

    /** Handles an {@code add-checkpoint} request body. */
    public Outcome addCheckpoint(byte[] body) {
        Request request;
        Checkpoint checkpoint;
        try {
            request = Request.parse(body);
            int split = request.note().lastIndexOf("\n\n");
            if (split < 0) throw new InvalidInputException("the checkpoint note has no signature lines");
            checkpoint = Checkpoint.parse(request.note().substring(0, split + 1));
        } catch (InvalidInputException e) {
            return new Outcome.Malformed(e.getMessage());
        }
        List<NoteKey> logKeys = logs.get(checkpoint.origin());
        if (logKeys == null) return new Outcome.UnknownLog(checkpoint.origin());
        try {
            SignedNote.open(request.note(), logKeys);
        } catch (InvalidInputException e) {
            return new Outcome.Forbidden(e.getMessage());
        }
        if (request.oldSize() > checkpoint.size())
            return new Outcome.Malformed("the old size " + request.oldSize() + " exceeds the checkpoint's size " + checkpoint.size());
        if (checkpoint.size() == 0 && !Arrays.equals(checkpoint.root(), Merkle.emptyRoot()))
            return new Outcome.BadProof("a checkpoint of size 0 must have the root of the empty tree");
        ReentrantLock lock = locks.get(checkpoint.origin());
        lock.lock();
        try {
            Optional<Checkpoint> latest = state.latest(checkpoint.origin());
            long stored = latest.map(Checkpoint::size).orElse(0L);
            if (request.oldSize() != stored) return new Outcome.Conflict(stored);
            if (request.oldSize() == 0) {
                if (!request.proof().isEmpty()) return new Outcome.BadProof("a proof from size 0 must be empty, but has "
                        + request.proof().size() + " lines");
            } else {
                try {
                    Merkle.verifyConsistency(stored, checkpoint.size(), latest.get().root(), checkpoint.root(), request.proof());
                } catch (InvalidProofException e) {
                    return new Outcome.BadProof(e.getMessage());
                }
            }
            String line = Cosignature.line(noteText(request.note()), key, clock.instant());
            state.save(checkpoint.origin(), request.note() + line);
            return new Outcome.Cosigned(line);
        } finally {
            lock.unlock();
        }
    }

    /** The cosigned checkpoint note of {@code origin} last accepted (the log's signatures and this witness's), if any. */
    public Optional<String> latest(String origin) {
        return logs.containsKey(origin) ? state.note(origin) : Optional.empty();
    }

    /** The origin whose origin hash (lower-case hex SHA-256) is {@code hash}, if this witness knows it. */
    public Optional<String> originOfHash(String hash) {
        return logs.keySet().stream().filter(o -> WitnessState.fileName(o).equals(hash)).findFirst();
    }

    /** The witness's cosigner key, without its private half. */
    public CosignerKey key() {
        return key.verifierOnly();
    }

    private static String noteText(String note) {
        return note.substring(0, note.lastIndexOf("\n\n") + 1);
    }

    @Override
    public void close() {
        state.close();
    }
}
