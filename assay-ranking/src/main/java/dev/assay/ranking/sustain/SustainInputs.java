package dev.assay.ranking.sustain;

import dev.assay.ranking.release.ReleaseEvaluation;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The data of one cycle: qrels, the production run (the first stage) and the candidate run (the
 * upshift), the names they are reported under, and the input files with their hashes.
 */
public record SustainInputs(Qrels qrels, Run production, Run candidate, String productionName, String candidateName,
                            List<InputFile> files) {
    public SustainInputs {
        Objects.requireNonNull(qrels, "qrels");
        Objects.requireNonNull(production, "production");
        Objects.requireNonNull(candidate, "candidate");
        ReleaseEvaluation.requireDistinct(production, candidate, candidateName);
        files = List.copyOf(files);
    }

    /**
     * Reads and hashes the three files. Runs are named by their run id, or by their file name
     * when both carry the same id (as {@code assay rank contract} does).
     */
    public static SustainInputs load(Path qrels, Path production, Path candidate) {
        List<InputFile> files = List.of(InputFile.of("qrels", qrels), InputFile.of("production", production),
                InputFile.of("candidate", candidate));
        Qrels q = Qrels.read(qrels);
        Run p = Run.read(production);
        Run c = Run.read(candidate);
        boolean sameId = p.runId().equals(c.runId());
        return new SustainInputs(q, p, c, sameId ? production.getFileName().toString() : p.runId(),
                sameId ? candidate.getFileName().toString() : c.runId(), files);
    }
}
