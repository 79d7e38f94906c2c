package dev.assay.fingerprint.monitor;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.signature.Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Reference signatures by content: {@code <dir>/<sha256>.asfp}, written once and checked against their digest when
 * read, so a monitor's definition names its reference by digest alone and a changed file is refused rather than
 * silently monitored against. Signatures read are cached (they are immutable). Thread-safe.
 */
public final class ReferenceStore {
    /** Where the service keeps references under its data directory. */
    public static final String DIRECTORY = "fingerprint/signatures";
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final Map<String, Signature> cache = new ConcurrentHashMap<>();

    public ReferenceStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** The store of the service whose data directory is {@code dataDir}. */
    public static ReferenceStore inDataDir(Path dataDir) {
        return new ReferenceStore(dataDir.resolve(DIRECTORY));
    }

    /** Stores {@code sig} (once; storing it again is a no-op) and returns its digest. */
    public String put(Signature sig) {
        String digest = sig.digest();
        Path file = file(digest);
        if (!Files.exists(file)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir, e);
            }
            sig.write(file);
        }
        cache.put(digest, sig);
        return digest;
    }

    /** The signature of {@code digest}; InvalidInputException when it is not stored or the file no longer matches it. */
    public Signature get(String digest) {
        requireDigest(digest);
        Signature cached = cache.get(digest);
        if (cached != null) return cached;
        Path file = file(digest);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("reference signature " + digest + " is not stored (expected " + file + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Signature sig = Signature.fromBytes(bytes, file.toString());
        if (!sig.digest().equals(digest))
            throw new InvalidInputException("reference signature file " + file + " has digest " + sig.digest() + ", not " + digest);
        cache.put(digest, sig);
        return sig;
    }

    /** Whether {@code digest} names a stored signature. */
    public boolean contains(String digest) {
        return DIGEST.matcher(digest).matches() && (cache.containsKey(digest) || Files.isRegularFile(file(digest)));
    }

    static void requireDigest(String digest) {
        if (digest == null || !DIGEST.matcher(digest).matches())
            throw new InvalidInputException("a reference digest must be 64 lower-case hex digits (SHA-256), but was "
                    + (digest == null ? "missing" : "'" + (digest.length() > 80 ? digest.substring(0, 80) + "..." : digest) + "'"));
    }

    private Path file(String digest) {
        return dir.resolve(digest + ".asfp");
    }
}
