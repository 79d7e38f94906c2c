package dev.assay.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Small TREC files for command tests: 40 topics of 10 documents, d0..d2 relevant in each. */
final class TrecFixtures {
    private TrecFixtures() {
    }

    /** Writes the qrels to {@code dir/qrels}. */
    static Path qrels(Path dir) throws IOException {
        StringBuilder q = new StringBuilder();
        for (int t = 1; t <= 40; t++) for (int d = 0; d < 10; d++) q.append(t).append(" 0 d").append(d).append(' ').append(d < 3 ? 1 : 0).append('\n');
        return Files.writeString(dir.resolve("qrels"), q);
    }

    /**
     * Writes {@code dir/name}: a run that puts the relevant documents at the top in about {@code goodShare} of the
     * topics (drawn with {@code seed}), else at the bottom.
     */
    static Path run(Path dir, String name, double goodShare, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder s = new StringBuilder();
        for (int t = 1; t <= 40; t++) {
            boolean good = r.nextDouble() < goodShare;
            for (int d = 0; d < 10; d++) {
                double score = good == (d < 3) ? 10 - d : d;
                s.append(t).append(" Q0 d").append(d).append(" 0 ").append(score).append(' ').append(name).append('\n');
            }
        }
        return Files.writeString(dir.resolve(name), s);
    }
}
