package dev.assay.agent.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.agent.memory.DecisionRule;
import dev.assay.agent.memory.Label;
import dev.assay.agent.memory.PatternMemory;
import dev.assay.agent.poison.PoisonCheck;
import dev.assay.core.InvalidInputException;
import dev.assay.core.ledger.LedgerKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The guard's learned state on disk: {@code checkpoint-<sequence>.agck} files in one directory, each the whole state,
 * signed with the data directory's Ed25519 key (the ledger's), written atomically (a temporary file, forced to disk,
 * then moved into place), and rotated ({@value #KEEP} kept). Reading takes the newest file and refuses it, naming
 * the file and the problem, when it is not a checkpoint, has a version this build does not read, is truncated, has
 * bytes after its signature, does not match its digest, or is not signed by the key: an altered memory is never
 * loaded, and an older checkpoint is not loaded silently in its place (that would undo learning unnoticed). A file
 * that verifies but holds settings this build refuses (written by another version) is refused saying so.
 *
 * <p>Format (version {@value #VERSION}, big-endian): the magic {@code ASSAYAGT}; the version (int); a JSON header
 * (int length, UTF-8: sequence, written, encoder, memory configuration, clock, next id, decision rule, poisoning
 * check settings, exemplar count, the keys of exemplars a rule decides); each exemplar (long id, byte label, int importance, long last use, byte key length
 * and key, int dimension and the unit vector's floats); the SHA-256 of all the above (32 bytes); the signature (base64
 * ASCII) of {@value #SIGNED_TAG} followed by that digest; the signature's length (int). The digest and the signature are
 * checked before anything of the payload is read.
 */
public final class Checkpoints {
    public static final int KEEP = 10;
    public static final int VERSION = 1;
    static final byte[] MAGIC = "ASSAYAGT".getBytes(StandardCharsets.US_ASCII);
    static final String SIGNED_TAG = "assay-agent-checkpoint/1\n";
    static final String SUFFIX = ".agck";
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{12})\\" + SUFFIX);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest header accepted, so a corrupt length cannot ask for gigabytes. */
    static final int MAX_HEADER = 1 << 20;

    /**
     * What a checkpoint holds. {@code rule} is null until the memory has been calibrated; {@code minSimilarity} is the
     * similarity to the nearest exemplar below which an input is outside the memory's experience and {@code consistency}
     * the memory's pattern consistency at calibration (both NaN without a rule);
     * {@code ruled} the keys (hex) of stored exemplars the guard's trajectory rule decides, left out of calibration.
     */
    public record Contents(long sequence, Instant written, String encoder, PatternMemory.State memory, DecisionRule rule,
                           double minSimilarity, double consistency, PoisonCheck.Config poison, java.util.Set<String> ruled) {
        public Contents {
            ruled = java.util.Set.copyOf(Objects.requireNonNullElse(ruled, java.util.Set.of()));
            Objects.requireNonNull(written, "written");
            Objects.requireNonNull(encoder, "encoder");
            Objects.requireNonNull(memory, "memory");
            Objects.requireNonNull(poison, "poison");
        }
    }

    private final Path dir;
    private final LedgerKeys keys;
    private final Clock clock;

    public Checkpoints(Path dir, LedgerKeys keys, Clock clock) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path dir() {
        return dir;
    }

    /** The checkpoint files, oldest first. */
    public List<Path> files() {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The newest checkpoint, verified; empty when there is none. */
    public Optional<Contents> latest() {
        List<Path> files = files();
        return files.isEmpty() ? Optional.empty() : Optional.of(read(files.get(files.size() - 1)));
    }

    /**
     * Writes the next checkpoint of {@code memory} (sequence one above the newest file's), then deletes all but the
     * newest {@value #KEEP}; returns its path.
     */
    public Path write(String encoder, PatternMemory.State memory, DecisionRule rule, double minSimilarity, double consistency,
                      PoisonCheck.Config poison, java.util.Set<String> ruled) {
        if (!keys.canSign()) throw new IllegalStateException("checkpoints need a key that can sign");
        List<Path> existing = files();
        long seq = existing.isEmpty() ? 1 : sequence(existing.get(existing.size() - 1)) + 1;
        Contents c = new Contents(seq, clock.instant(), encoder, memory, rule, minSimilarity, consistency, poison, ruled);
        byte[] bytes = encode(c);
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(String.format("checkpoint-%012d%s", seq, SUFFIX));
            Path tmp = Files.createTempFile(dir, ".checkpoint-", ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    var buf = java.nio.ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) ch.write(buf);
                    ch.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            List<Path> all = files();
            for (int i = 0; i < all.size() - KEEP; i++) Files.deleteIfExists(all.get(i));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long sequence(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) throw new IllegalArgumentException(p.toString());
        return Long.parseLong(m.group(1));
    }

    /** Reads and verifies one checkpoint file. */
    public Contents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the agent checkpoint " + file + ": " + e.getMessage());
        }
        try {
            return decode(bytes, keys);
        } catch (Unacceptable e) {
            throw new InvalidInputException("the agent checkpoint " + file + " has settings this build does not accept: " + e.getMessage()
                    + "; it was not loaded (learn again into a new data directory)");
        } catch (InvalidInputException e) {
            throw new InvalidInputException("the agent checkpoint " + file + " " + e.getMessage()
                    + "; it was not loaded (move it away to start from the previous checkpoint)");
        }
    }

    byte[] encode(Contents c) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bos);
            out.write(MAGIC);
            out.writeInt(VERSION);
            ObjectNode h = JSON.createObjectNode();
            h.put("sequence", c.sequence());
            h.put("written", c.written().toString());
            h.put("encoder", c.encoder());
            PatternMemory.Config mc = c.memory().config();
            ObjectNode m = h.putObject("memory");
            m.put("dimension", mc.dimension());
            m.put("capacityPerClass", mc.capacityPerClass());
            m.put("k", mc.k());
            m.put("decay", mc.decay());
            m.put("priorUnsafe", mc.priorUnsafe());
            m.put("priorSafe", mc.priorSafe());
            m.put("clock", c.memory().clock());
            m.put("nextId", c.memory().nextId());
            if (c.rule() != null) {
                h.putObject("rule").put("cut", c.rule().cut()).put("maxEntropy", c.rule().maxEntropy()).put("minSimilarity", c.minSimilarity())
                        .put("consistency", c.consistency());
            }
            h.putObject("poison").put("falseFlagRate", c.poison().falseFlagRate()).put("minPerClass", c.poison().minPerClass())
                    .put("folds", c.poison().folds()).put("seed", c.poison().seed());
            h.put("exemplars", c.memory().exemplars().size());
            var ruledArray = h.putArray("ruled");
            c.ruled().stream().sorted().forEach(ruledArray::add);
            h.put("keyId", keys.keyId());
            byte[] header = JSON.writeValueAsBytes(h);
            out.writeInt(header.length);
            out.write(header);
            for (PatternMemory.Stored s : c.memory().exemplars()) {
                out.writeLong(s.id());
                out.writeByte(s.label().ordinal());
                out.writeInt(s.importance());
                out.writeLong(s.lastUse());
                byte[] key = s.key() == null ? new byte[0] : s.key();
                if (key.length > 255) throw new IllegalArgumentException("exemplar keys are at most 255 bytes");
                out.writeByte(key.length);
                out.write(key);
                out.writeInt(s.unit().length);
                for (float x : s.unit()) out.writeFloat(x);
            }
            out.flush();
            byte[] digest = sha256(bos.toByteArray());
            out.write(digest);
            byte[] sig = keys.sign(signed(digest)).getBytes(StandardCharsets.US_ASCII);
            out.write(sig);
            out.writeInt(sig.length);
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Contents decode(byte[] bytes, LedgerKeys keys) {
        int fixed = MAGIC.length + 4;
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new InvalidInputException("is not an agent checkpoint (its first bytes are not ASSAYAGT)");
        }
        if (bytes.length < fixed + 4 + 32 + 4) throw new InvalidInputException("is truncated");
        int version = java.nio.ByteBuffer.wrap(bytes, MAGIC.length, 4).getInt();
        if (version != VERSION) throw new InvalidInputException("has format version " + version + "; this Assay reads version " + VERSION);
        // the trailer first: digest, signature, and the signature's length in the last four bytes
        int sigLength = java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        int payloadEnd = bytes.length - 4 - sigLength - 32;
        if (sigLength < 1 || sigLength > 1024 || payloadEnd < fixed + 4) {
            throw new InvalidInputException("is truncated or altered: its signature trailer is not valid");
        }
        byte[] digest = Arrays.copyOfRange(bytes, payloadEnd, payloadEnd + 32);
        if (!MessageDigest.isEqual(digest, sha256(Arrays.copyOf(bytes, payloadEnd)))) {
            throw new InvalidInputException("does not match its SHA-256 digest: it was altered, truncated or corrupted");
        }
        String sig = new String(bytes, payloadEnd + 32, sigLength, StandardCharsets.US_ASCII);
        if (!keys.verify(signed(digest), sig)) throw new InvalidInputException("is not signed by this data directory's key (" + keys.keyId() + ")");
        // verified: now the payload
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, fixed, payloadEnd - fixed));
        try {
            int headerLength = in.readInt();
            if (headerLength < 2 || headerLength > MAX_HEADER) throw new Unacceptable("a header length of " + headerLength + " bytes");
            byte[] header = new byte[headerLength];
            in.readFully(header);
            JsonNode h = JSON.readTree(header);
            JsonNode m = h.path("memory");
            JsonNode r = h.get("rule");
            DecisionRule rule;
            PoisonCheck.Config poison;
            PatternMemory.State state;
            try {
                PatternMemory.Config mc = new PatternMemory.Config(m.path("dimension").asInt(), m.path("capacityPerClass").asInt(), m.path("k").asInt(),
                        m.path("decay").asDouble(), m.path("priorUnsafe").asDouble(), m.path("priorSafe").asDouble());
                int count = h.path("exemplars").asInt(-1);
                if (count < 0 || count > 2L * mc.capacityPerClass()) throw new InvalidInputException(count + " exemplars");
                List<PatternMemory.Stored> stored = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    long id = in.readLong();
                    int label = in.readUnsignedByte();
                    if (label >= Label.values().length) throw new InvalidInputException("an exemplar with the unknown label " + label);
                    int importance = in.readInt();
                    long lastUse = in.readLong();
                    byte[] key = new byte[in.readUnsignedByte()];
                    in.readFully(key);
                    int dim = in.readInt();
                    if (dim != mc.dimension()) throw new InvalidInputException("an exemplar of " + dim + " dimensions in a " + mc.dimension() + "-dimensional memory");
                    float[] unit = new float[dim];
                    for (int j = 0; j < dim; j++) unit[j] = in.readFloat();
                    stored.add(new PatternMemory.Stored(id, Label.values()[label], importance, lastUse, key.length == 0 ? null : key, unit));
                }
                if (in.available() > 0) throw new InvalidInputException(in.available() + " bytes after the exemplars");
                rule = r == null || r.isNull() ? null : new DecisionRule(r.path("cut").asDouble(), r.path("maxEntropy").asDouble());
                JsonNode p = h.path("poison");
                poison = new PoisonCheck.Config(p.path("falseFlagRate").asDouble(), p.path("minPerClass").asInt(), p.path("folds").asInt(),
                        p.path("seed").asLong());
                state = new PatternMemory.State(mc, m.path("clock").asLong(), m.path("nextId").asLong(), stored);
                PatternMemory.restore(state); // the memory's own rules
            } catch (InvalidInputException e) { // signed by this key, so written by a build with other rules
                throw e instanceof Unacceptable ? e : new Unacceptable(e.getMessage());
            }
            double minSimilarity = rule == null ? Double.NaN : r.path("minSimilarity").asDouble(Double.NaN);
            double consistency = rule == null ? Double.NaN : r.path("consistency").asDouble(Double.NaN);
            java.util.Set<String> ruled = new java.util.HashSet<>();
            h.path("ruled").forEach(x -> ruled.add(x.asText()));
            return new Contents(h.path("sequence").asLong(), Instant.parse(h.path("written").asText()), h.path("encoder").asText(), state, rule,
                    minSimilarity, consistency, poison, ruled);
        } catch (EOFException e) {
            throw new Unacceptable("its exemplars end early");
        } catch (IOException | java.time.format.DateTimeParseException e) {
            throw new Unacceptable("a header that cannot be read: " + e.getMessage());
        }
    }

    /** A checkpoint that verifies but whose settings this build refuses. */
    private static final class Unacceptable extends InvalidInputException {
        Unacceptable(String message) {
            super(message);
        }
    }

    private static byte[] signed(byte[] digest) {
        byte[] tag = SIGNED_TAG.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(tag, tag.length + digest.length);
        System.arraycopy(digest, 0, out, tag.length, digest.length);
        return out;
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
