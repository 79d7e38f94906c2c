package dev.assay.ranking.sustain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded synthetic TREC data: qrels and two runs over the same topics. Each topic has a
 * difficulty; the first stage separates relevant documents less well the harder the topic
 * (so its confidence and quality drop together), the stronger ranker separates them well on
 * every topic.
 */
record SyntheticTrec(Path qrels, Path firstStage, Path strong) {
    static SyntheticTrec write(Path dir, int topics, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder q = new StringBuilder();
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int t = 0; t < topics; t++) {
            double difficulty = r.nextDouble();
            int docs = 40;
            for (int d = 0; d < docs; d++) {
                int level = r.nextDouble() < 0.15 ? 1 + r.nextInt(2) : 0;
                if (d == 0 && level == 0) level = 1; // every topic has a relevant document
                String docno = "D" + t + "-" + d;
                q.append(String.format(Locale.ROOT, "T%d 0 %s %d%n", t, docno, level));
                double first = level * 3 * (1 - difficulty) + r.nextGaussian();
                double strong = level * 2.5 + 0.8 * r.nextGaussian();
                a.append(String.format(Locale.ROOT, "T%d Q0 %s 0 %.6f first%n", t, docno, first));
                b.append(String.format(Locale.ROOT, "T%d Q0 %s 0 %.6f strong%n", t, docno, strong));
            }
        }
        Path qrels = Files.writeString(dir.resolve("qrels.txt"), q);
        Path first = Files.writeString(dir.resolve("first.run"), a);
        Path strong = Files.writeString(dir.resolve("strong.run"), b);
        return new SyntheticTrec(qrels, first, strong);
    }

    SustainInputs inputs() {
        return SustainInputs.load(qrels, firstStage, strong);
    }
}
