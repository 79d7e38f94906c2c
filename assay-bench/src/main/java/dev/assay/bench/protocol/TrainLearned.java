package dev.assay.bench.protocol;

import dev.assay.core.InvalidInputException;
import dev.assay.protocol.flow.FlowLimits;
import dev.assay.protocol.flow.FlowTable;
import dev.assay.protocol.learn.LabelledFlow;
import dev.assay.protocol.learn.LearnedModel;
import dev.assay.protocol.learn.Provenance;
import dev.assay.protocol.learn.TrainingParams;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains the learned protocol model on the nDPI captures OUTSIDE the core set (whole files; the core set is what its
 * accuracy is reported on), and on the captures of any traffic-lab runs given ({@code scripts/traffic-lab.sh} output
 * directories: every flow with payload of a capture has the protocol {@code labels.tsv} gives it), with
 * {@link TrainingParams#defaults} and seed {@value #SEED}, and writes it to OUT. The same captures give the same file
 * byte for byte (a new lab run makes new captures, so a model remade from one differs); the model the protocol module
 * ships ({@code dev/assay/protocol/learn/protocols.aplm}) is made by this command.
 *
 * <p>Run: {@code scripts/traffic-lab.sh /tmp/lab1 20 && scripts/traffic-lab.sh /tmp/lab2 20 && java -cp
 * assay-bench/target/benchmarks.jar dev.assay.bench.protocol.TrainLearned ../shared/data/protocol/ndpi
 * assay-protocol/src/main/resources/dev/assay/protocol/learn/protocols.aplm /tmp/lab1 /tmp/lab2}
 */
public final class TrainLearned {
    static final long SEED = 20_241_001L;

    private TrainLearned() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TrainLearned NDPI_DATA_DIR OUT [LAB_DIR...]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        List<Path> labs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) labs.add(Path.of(args[i]));
        LearnedModel model = train(data, labs);
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

    /** The model trained on every capture outside the core set and on the lab runs' captures. */
    static LearnedModel train(Path data, List<Path> labs) throws IOException {
        List<LabelledFlow> flows = new ArrayList<>(ProtocolCorpus.labelled(data, ProtocolCorpus.otherFiles(data), "training"));
        for (Path lab : labs) {
            List<LabelledFlow> added = labFlows(lab);
            System.err.printf("training: %d flows from the lab run %s%n", added.size(), lab);
            flows.addAll(added);
        }
        System.err.printf("training: %d flows; fitting%n", flows.size());
        return LearnedModel.train(flows, TrainingParams.defaults(SEED));
    }

    /**
     * Every flow with payload of a traffic-lab run's captures, labelled with its capture's protocol; the file of each
     * is {@code <run directory>/<capture>}, so two runs are two files of each protocol for the folds and the class rule.
     */
    static List<LabelledFlow> labFlows(Path lab) throws IOException {
        List<LabelledFlow> out = new ArrayList<>();
        String run = lab.toAbsolutePath().normalize().getFileName().toString();
        for (String line : Files.readAllLines(lab.resolve("labels.tsv"))) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t");
            if (f.length != 2) throw new IOException(lab.resolve("labels.tsv") + ": a line is not FILE<TAB>PROTOCOL: " + line);
            String file = run + "/" + f[0];
            try {
                FlowTable.create(FlowLimits.defaults(), fl -> {
                    if (fl.segments().stream().anyMatch(x -> x.payload().length > 0)) out.add(new LabelledFlow(fl, f[1], file));
                }).read(lab.resolve(f[0]));
            } catch (InvalidInputException e) {
                System.err.println("training: skipped " + file + ": " + e.getMessage());
            }
        }
        return out;
    }
}
