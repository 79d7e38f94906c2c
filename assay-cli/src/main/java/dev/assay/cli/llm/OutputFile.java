package dev.assay.cli.llm;

import dev.assay.core.AssayException;
import dev.assay.core.AtomicFiles;
import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A file an {@code assay llm} command writes. Where it goes is the user's input: a path that cannot be written (its
 * directory missing or not a directory, no permission, the path itself a directory) is refused with one line naming
 * the option, the path and the reason (exit 2), before the command does its work when it can be seen then.
 */
final class OutputFile {
    private OutputFile() {}

    /** Refuses {@code path}, given as {@code option}, when it plainly cannot be written. */
    static void check(Path path, String option) {
        if (Files.isDirectory(path)) throw refused(path, option, "it is a directory");
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null) return;
        if (!Files.exists(dir)) throw refused(path, option, "the directory " + dir + " does not exist");
        if (!Files.isDirectory(dir)) throw refused(path, option, dir + " is not a directory");
        if (!Files.isWritable(dir)) throw refused(path, option, "the directory " + dir + " is not writable (permission denied)");
    }

    /** Replaces {@code path} with {@code bytes} atomically ({@link AtomicFiles}). */
    static void write(Path path, String option, byte[] bytes) {
        check(path, option);
        try {
            AtomicFiles.replace(path, bytes);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw refused(path, option, "its directory does not exist");
        } catch (AccessDeniedException e) {
            throw refused(path, option, "permission denied");
        } catch (FileSystemException e) {
            throw refused(path, option, e.getReason() != null ? e.getReason() : "the file system refused it");
        } catch (IOException e) {
            throw new AssayException("cannot write " + option + " " + path + ": " + e.getMessage(), e);
        }
    }

    private static InvalidInputException refused(Path path, String option, String reason) {
        return new InvalidInputException("cannot write " + option + " " + path + ": " + reason);
    }
}
