package dev.assay.bench.protocol;

import dev.assay.protocol.learn.LabelledFlow;
import dev.assay.protocol.learn.LearnedModel;
import dev.assay.protocol.learn.Provenance;
import dev.assay.protocol.learn.TrainingParams;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains the learned protocol model on the nDPI captures OUTSIDE the core set (whole files; the core set is what its
 * accuracy is reported on) with {@link TrainingParams#defaults} and seed {@value #SEED}, and writes it to OUT. The
 * same data give the same file byte for byte; the model the protocol module ships
 * ({@code dev/assay/protocol/learn/protocols.aplm}) is made by this command.
 *
 * <p>Run: {@code java -cp assay-bench/target/benchmarks.jar dev.assay.bench.protocol.TrainLearned
 * ../shared/data/protocol/ndpi assay-protocol/src/main/resources/dev/assay/protocol/learn/protocols.aplm}
 */
public final class TrainLearned {
    static final long SEED = 20_241_001L;

    private TrainLearned() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: TrainLearned NDPI_DATA_DIR OUT");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        LearnedModel model = train(data);
        Path out = Path.of(args[1]);
        try (OutputStream o = Files.newOutputStream(out)) {
            model.write(o);
        }
        Provenance p = model.provenance();
        System.out.printf(Locale.ROOT, "%d classes (%s); trained on %d flows of %d files; out of fold:"
                        + " %d correct, %d wrong, %d unknown; temperature %.3f, threshold %.3f; data SHA-256 %s; %d bytes written to %s%n",
                model.labels().size(), String.join(" ", model.labels()),
                p.flows(), p.files(), p.heldOutCorrect(), p.heldOutWrong(), p.heldOutUnknown(),
                model.temperature(), model.threshold(), p.dataSha256(), Files.size(out), out);
    }

    /** The model trained on every capture outside the core set. */
    static LearnedModel train(Path data) throws IOException {
        List<LabelledFlow> flows = ProtocolCorpus.labelled(data, ProtocolCorpus.otherFiles(data), "training");
        System.err.printf("training: %d flows; fitting%n", flows.size());
        return LearnedModel.train(flows, TrainingParams.defaults(SEED));
    }
}
