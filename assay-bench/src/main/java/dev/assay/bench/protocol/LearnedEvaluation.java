package dev.assay.bench.protocol;

import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.classify.Source;
import dev.assay.protocol.learn.LabelledFlow;
import dev.assay.protocol.learn.LearnedModel;
import dev.assay.protocol.learn.LearnedStage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The learned stage on the core set, trained without it: a model trained on the captures outside the core set (as
 * {@link TrainLearned} trains it, or read from MODEL), then every trusted-labelled flow of the core set's captures
 * classified by the validators alone ({@code Classifier.standard()}) and with the model
 * ({@code Classifier.balanced(model)}), per nDPI master protocol: correct / wrong / unknown each; and of the flows the
 * validators leave Unknown or to the port guess, how many the learned stage names right, names wrong, or leaves; and
 * what the learned stage alone answers. Then the same over the captures outside the core set, in {@value #FOLDS}
 * folds by file, each fold judged by a model trained on the others (these have the protocols the validators do not
 * know, which the core set hardly has).
 *
 * <p>Run: {@code java -cp assay-bench/target/benchmarks.jar dev.assay.bench.protocol.LearnedEvaluation
 * ../shared/data/protocol/ndpi [MODEL]}
 */
public final class LearnedEvaluation {
    private LearnedEvaluation() {}

    static final class Row {
        final int[] standard = new int[3];
        final int[] balanced = new int[3];
        final int[] alone = new int[3];
        int flows;
        int byLearned;
        int rescued;
        int rescuedWrong;
        int rescuedLeft;
        int portCorrectLost;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: LearnedEvaluation NDPI_DATA_DIR [MODEL]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        LearnedModel model = args.length == 2 ? LearnedModel.read(Path.of(args[1])) : TrainLearned.train(data, List.of());
        List<LabelledFlow> core = ProtocolCorpus.labelled(data, ProtocolCorpus.coreFiles(data), "core set");
        Map<String, Row> rows = new TreeMap<>();
        evaluate(core, model, rows);
        System.out.println("Core set (the model trained on the other captures):");
        print(rows, false);
        System.out.printf(Locale.ROOT, "model: %d classes, temperature %.3f, threshold %.3f, trained on %d flows of %d captures (data SHA-256 %s)%n%n",
                model.labels().size(), model.temperature(), model.threshold(), model.provenance().flows(), model.provenance().files(),
                model.provenance().dataSha256());

        List<LabelledFlow> other = ProtocolCorpus.labelled(data, ProtocolCorpus.otherFiles(data), "outside the core set");
        List<String> files = new ArrayList<>(new java.util.TreeSet<>(other.stream().map(LabelledFlow::file).toList()));
        java.util.Collections.shuffle(files, new java.util.Random(TrainLearned.SEED));
        Map<String, Row> crossed = new TreeMap<>();
        for (int k = 0; k < FOLDS; k++) {
            java.util.Set<String> test = new java.util.HashSet<>();
            for (int i = k; i < files.size(); i += FOLDS) test.add(files.get(i));
            List<LabelledFlow> train = other.stream().filter(f -> !test.contains(f.file())).toList();
            System.err.printf("outside the core set: fold %d of %d, training on %d flows%n", k + 1, FOLDS, train.size());
            LearnedModel foldModel = LearnedModel.train(train, dev.assay.protocol.learn.TrainingParams.defaults(TrainLearned.SEED));
            evaluate(other.stream().filter(f -> test.contains(f.file())).toList(), foldModel, crossed);
        }
        System.out.printf(Locale.ROOT, "Outside the core set, %d folds by capture file (each file judged by a model trained on the other folds);"
                + " protocols where the model changed an answer:%n", FOLDS);
        print(crossed, true);
    }

    static final int FOLDS = 4;

    static void evaluate(List<LabelledFlow> flows, LearnedModel model, Map<String, Row> rows) {
        Classifier standard = Classifier.standard();
        Classifier balanced = Classifier.balanced(model);
        LearnedStage learned = new LearnedStage(model);
        for (LabelledFlow f : flows) {
            Row r = rows.computeIfAbsent(f.label(), k -> new Row());
            r.flows++;
            Classification s = standard.classify(f.flow());
            Classification b = balanced.classify(f.flow());
            Optional<Classification> l = learned.apply(f.flow());
            r.standard[outcome(s, f.label())]++;
            r.balanced[outcome(b, f.label())]++;
            r.alone[l.map(c -> outcome(c, f.label())).orElse(2)]++;
            if (b.source() == Source.LEARNED) r.byLearned++;
            if (s.source() == Source.UNKNOWN || s.source() == Source.PORT) {
                if (l.isEmpty()) r.rescuedLeft++;
                else if (l.get().master().equals(f.label())) {
                    if (s.source() == Source.UNKNOWN || !s.master().equals(f.label())) r.rescued++;
                } else {
                    r.rescuedWrong++;
                    if (s.source() == Source.PORT && s.master().equals(f.label())) r.portCorrectLost++;
                }
            }
        }
    }

    /** 0 correct, 1 wrong, 2 unknown (compared by the master name, as NdpiComparison compares). */
    static int outcome(Classification c, String expected) {
        if (c.label().equals(Classification.UNKNOWN)) return 2;
        return c.master().equals(expected) ? 0 : 1;
    }

    static void print(Map<String, Row> rows, boolean changedOnly) {
        System.out.println("| protocol | flows | validators correct / wrong / unknown | + learned correct / wrong / unknown | named by the model |"
                + " validators' Unknown or port: learned right / wrong / passed | learned alone correct / wrong / unknown |");
        System.out.println("|---|---|---|---|---|---|---|");
        Row total = new Row();
        List<Map.Entry<String, Row>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort((x, y) -> y.getValue().flows != x.getValue().flows ? Integer.compare(y.getValue().flows, x.getValue().flows) : x.getKey().compareTo(y.getKey()));
        for (var e : sorted) {
            Row r = e.getValue();
            if (!changedOnly || !java.util.Arrays.equals(r.standard, r.balanced)) line(e.getKey(), r);
            total.flows += r.flows;
            for (int i = 0; i < 3; i++) {
                total.standard[i] += r.standard[i];
                total.balanced[i] += r.balanced[i];
                total.alone[i] += r.alone[i];
            }
            total.byLearned += r.byLearned;
            total.rescued += r.rescued;
            total.rescuedWrong += r.rescuedWrong;
            total.rescuedLeft += r.rescuedLeft;
            total.portCorrectLost += r.portCorrectLost;
        }
        line("**all**", total);
        System.out.printf(Locale.ROOT, "port guesses that were right and that the model overrode wrongly: %d%n", total.portCorrectLost);
    }

    static void line(String protocol, Row r) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d / %d / %d | %d / %d / %d | %d | %d / %d / %d | %d / %d / %d |%n", protocol, r.flows,
                r.standard[0], r.standard[1], r.standard[2], r.balanced[0], r.balanced[1], r.balanced[2], r.byLearned,
                r.rescued, r.rescuedWrong, r.rescuedLeft, r.alone[0], r.alone[1], r.alone[2]);
    }
}
