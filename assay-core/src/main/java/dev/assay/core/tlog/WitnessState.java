package dev.assay.core.tlog;

import dev.assay.core.AssayException;
import dev.assay.core.AtomicFiles;
import dev.assay.core.ConflictException;
import dev.assay.core.Hashing;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A witness's record of the latest checkpoint it cosigned per log: one file per origin, named by the
 * lower-case hex SHA-256 of the origin (the spec's origin hash), holding the checkpoint note with the
 * log's signatures and the witness's cosignature. Written to a temporary file, forced to disk, then
 * renamed over the old one atomically (and the directory forced), so a crash leaves the old or the new
 * record, never a torn one. One witness at a time: {@link #open} takes a lock on {@code dir/.lock}.
 */
final class WitnessState implements AutoCloseable {
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private WitnessState(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static WitnessState open(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                l = null; // held by this process already
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (l == null) {
                ch.close();
                throw new ConflictException("another witness holds the state directory " + dir);
            }
            return new WitnessState(dir, ch, l);
        } catch (IOException e) {
            throw new AssayException("cannot open the witness state directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The file of {@code origin}'s record. */
    static String fileName(String origin) {
        return Hashing.sha256Hex(origin.getBytes(StandardCharsets.UTF_8));
    }

    /** The stored cosigned note of {@code origin}, if any. */
    Optional<String> note(String origin) {
        Path f = dir.resolve(fileName(origin));
        try {
            return Optional.of(Files.readString(f, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AssayException("cannot read the witness state of " + origin + ": " + e.getMessage(), e);
        }
    }

    /** The latest cosigned checkpoint of {@code origin}, if any. */
    Optional<Checkpoint> latest(String origin) {
        return note(origin).map(n -> Checkpoint.parse(n.substring(0, n.lastIndexOf("\n\n") + 1)));
    }

    /** Replaces {@code origin}'s record with {@code note}, durably and atomically. */
    void save(String origin, String note) {
        try {
            AtomicFiles.replace(dir.resolve(fileName(origin)), note.getBytes(StandardCharsets.UTF_8));
        } catch (AtomicMoveNotSupportedException e) {
            throw new AssayException("the witness state directory " + dir + " does not support atomic renames", e);
        } catch (IOException e) {
            throw new AssayException("cannot write the witness state of " + origin + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new AssayException("cannot release the witness state lock: " + e.getMessage(), e);
        }
    }
}
