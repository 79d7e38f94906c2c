package dev.assay.cli.demo;

import dev.assay.core.InvalidInputException;
import java.io.IOException;
import dev.assay.core.AssayException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * The demo data directory: one that {@code assay demo} made, marked by the file {@value #MARKER}. A
 * directory that exists, is not empty and has no marker is refused, so the demo never writes into (or
 * wipes) a user's real data directory.
 */
final class DemoDirectory {
    /** The marker file; it says {@link #SEEDED} once seeding finished. */
    static final String MARKER = ".assay-demo";
    private static final String MADE = "made by assay demo";
    private static final String SEEDED = "seeded by assay demo";

    private final Path dir;

    private DemoDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * The demo directory at {@code dir}, created (with its marker) when missing or empty, wiped first with {@code reset}.
     *
     * @throws InvalidInputException when {@code dir} is a file, or a non-empty directory without the marker
     */
    static DemoDirectory prepare(Path dir, boolean reset) {
        Path d = dir.toAbsolutePath().normalize();
        try {
            if (Files.exists(d) && !Files.isDirectory(d)) throw new InvalidInputException("demo data directory " + d + " is a file");
            if (Files.isDirectory(d) && !Files.exists(d.resolve(MARKER)) && !isEmpty(d)) {
                throw new InvalidInputException("demo data directory " + d + " is not empty and was not made by 'assay demo' (no "
                        + MARKER + " file); pick another --data-dir");
            }
            if (reset && Files.isDirectory(d)) deleteTree(d);
            Files.createDirectories(d);
            if (!Files.exists(d.resolve(MARKER))) Files.writeString(d.resolve(MARKER), MADE + "\n");
            return new DemoDirectory(d);
        } catch (IOException e) {
            throw new AssayException("cannot prepare the demo data directory " + d + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return dir;
    }

    /** Whether an earlier run finished seeding this directory. */
    boolean seeded() {
        try {
            return Files.readString(dir.resolve(MARKER)).startsWith(SEEDED);
        } catch (IOException e) {
            throw new AssayException("cannot read " + dir.resolve(MARKER) + ": " + e.getMessage(), e);
        }
    }

    /** Records that seeding finished. */
    void markSeeded(String what) {
        try {
            Files.writeString(dir.resolve(MARKER), SEEDED + ": " + what + "\n");
        } catch (IOException e) {
            throw new AssayException("cannot write " + dir.resolve(MARKER) + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
