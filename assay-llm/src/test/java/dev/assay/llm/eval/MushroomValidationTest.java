package dev.assay.llm.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import dev.assay.llm.mushroom.Mushroom;
import dev.assay.llm.mushroom.MushroomRecord;
import dev.assay.llm.spans.Prediction;
import dev.assay.llm.spans.SpanDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Mu-SHROOM validation set (499 items, 10 languages): every record read and placed, and the per-language table of
 * docs/BENCHMARKS.md printed (mark-all, mark-nothing, score-only, learned under 5-fold CV by item and leave-one-language-out).
 */
class MushroomValidationTest {
    @Test
    void perLanguageTable() throws IOException {
        Path dir = TestEnvironment.sharedData().resolve("llm/mushroom-val");
        List<MushroomRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) records.addAll(Mushroom.read(f));
        }
        assertThat(records).hasSize(499);
        long placed = 0;
        long length = 0;
        for (MushroomRecord r : records) {
            Prediction p = SpanDetector.shipped().predict(r);
            placed += p.alignedChars();
            length += p.length();
        }
        System.out.printf("mushroom: %d of %d characters placed under a token%n", placed, length);
        assertThat((double) placed / length).isGreaterThan(0.95);
        List<Evaluation.Row> rows = Evaluation.run(records, Evaluation.DEFAULT_FOLDS, Evaluation.DEFAULT_SEED);
        System.out.print(Evaluation.table(rows));
        Evaluation.Row all = rows.stream().filter(r -> r.lang().equals("ALL")).findFirst().orElseThrow();
        assertThat(all.learnedCv().iou()).isGreaterThan(all.markAll().iou());
        assertThat(all.learnedLolo().iou()).isGreaterThan(all.markAll().iou());
        assertThat(all.learnedCv().correlation()).isGreaterThan(all.scoreOnly().correlation());
    }
}
