package dev.assay.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.drift.DriftDetector;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Drift checked per window as a Flink batch job. The driver lists the response logs and reads the reference
 * signatures (refusing one built under another encoder configuration, or sampling too few responses to calibrate);
 * the files are spread over the readers ({@link ReadLines}); the lines are rebalanced over parsers
 * ({@link ParseForDrift}: model, reference present, event time and time window); for count windows the lines are
 * keyed by model and numbered in input order ({@link AssignCountWindows}); then keyed by (model, window) and each
 * window is replayed ({@link ReplayWindow}) with {@code DriftReplay.replay} against its model's reference, in input
 * order, so every window's verdict is the one a single machine computes for those responses whatever the
 * parallelism. The driver collects one JSON line per (model, window), sorted by model then window, and writes them.
 *
 * <p>Run: {@code flink run -c dev.assay.flink.DriftJob assay-flink-<version>-job.jar --input PATH... --reference
 * MODEL=SIG... --out FILE --count-window N} (docs/FLINK.md).
 */
public final class DriftJob {
    /** The order of responses within a window: time (0 for count windows), file, line. */
    static final Comparator<DriftLine> INPUT_ORDER =
            Comparator.comparingLong(DriftLine::time).thenComparingInt(DriftLine::file).thenComparingLong(DriftLine::line);

    private static final ObjectMapper JSON = new ObjectMapper();

    private DriftJob() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(DriftSpec.USAGE);
            return;
        }
        DriftSpec spec;
        try {
            spec = DriftSpec.parse(args);
        } catch (InvalidInputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        try {
            List<DriftWindow> windows = run(env, spec);
            write(windows, spec.out());
            Map<String, long[]> perModel = new TreeMap<>();
            for (DriftWindow w : windows) {
                long[] c = perModel.computeIfAbsent(w.model(), m -> new long[2]);
                c[0]++;
                if (JSON.readTree(w.json()).get("drift").asBoolean()) c[1]++;
            }
            perModel.forEach((m, c) -> System.out.println(m + "\t" + c[0] + " windows\t" + c[1] + " with drift"));
            System.out.println(windows.size() + " windows written to " + spec.out());
        } catch (InvalidInputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Runs the job on {@code env} (in batch mode) and returns one result per (model, window), by model then window. */
    public static List<DriftWindow> run(StreamExecutionEnvironment env, DriftSpec spec) throws Exception {
        SortedMap<String, Signature> references = references(spec);
        List<String> files = SignatureJob.listLogs(spec.inputs());
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        if (spec.parallelism() > 0) env.setParallelism(spec.parallelism());
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(noKryo);

        List<LogFile> tasks = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) tasks.add(new LogFile(i, files.get(i)));
        Map<String, byte[]> referenceBytes = new HashMap<>();
        references.forEach((m, s) -> referenceBytes.put(m, s.toBytes()));
        // Set on every stage: in batch mode Flink otherwise picks a stage's parallelism from its input's bytes, and the
        // replay's cost is in calibrating each window, not in its few bytes (it ran on one subtask of two).
        int parallelism = env.getParallelism();
        DataStream<DriftLine> lines = env.fromData(tasks, TypeInformation.of(LogFile.class)).name("response logs")
                .rebalance()
                .process(new ReadLines(ResponseLog.DEFAULT_MAX_LINE_BYTES)).name("read lines").setParallelism(parallelism)
                .rebalance()
                .map(new ParseForDrift(files, spec.defaultModel(), references.keySet(), spec.windowing())).name("parse and assign time windows")
                .setParallelism(parallelism);
        if (spec.windowing().kind() == Windowing.Kind.COUNT) {
            lines = lines.keyBy(DriftLine::model).process(new AssignCountWindows(spec.windowing().size())).name("number per model")
                    .setParallelism(parallelism);
        }
        DataStream<DriftWindow> results = lines
                .keyBy(l -> Tuple2.of(l.model(), l.window()), Types.TUPLE(Types.STRING, Types.LONG))
                .process(new ReplayWindow(referenceBytes, SerializableConfig.of(spec.config()), spec.drift(), spec.windowing(), files,
                        Instant.now()))
                .name("replay each window").setParallelism(parallelism);

        List<DriftWindow> out = new ArrayList<>();
        try (CloseableIterator<DriftWindow> it = results.executeAndCollect("assay drift")) {
            it.forEachRemaining(out::add);
        } catch (RuntimeException e) {
            throw SignatureJob.rethrowInputError(e);
        }
        out.sort(Comparator.comparing(DriftWindow::model).thenComparingLong(DriftWindow::window));
        for (String model : spec.references().keySet()) {
            if (out.stream().noneMatch(w -> w.model().equals(model))) {
                throw new InvalidInputException("--reference " + model + "=" + spec.references().get(model)
                        + ": the input holds no response of model " + model);
            }
        }
        return out;
    }

    /**
     * The references by model: each {@code --reference MODEL=PATH}, then each {@code .asfp} file of each
     * {@code --references} directory under the model id it carries. Refuses a missing or damaged file, a model
     * named twice, a signature built under another encoder configuration than the job's, and one that samples too
     * few responses to calibrate the detector.
     */
    static SortedMap<String, Signature> references(DriftSpec spec) {
        SortedMap<String, Signature> out = new TreeMap<>();
        Map<String, java.nio.file.Path> from = new HashMap<>();
        spec.references().forEach((model, path) -> {
            out.put(model, check(model, path, Signature.read(path), spec));
            from.put(model, path);
        });
        for (java.nio.file.Path dir : spec.referenceDirs()) {
            if (!Files.isDirectory(dir)) throw new InvalidInputException("--references " + dir + " is not a directory");
            List<java.nio.file.Path> sigs = new ArrayList<>();
            try (DirectoryStream<java.nio.file.Path> ds = Files.newDirectoryStream(dir, "*" + SignatureJob.SUFFIX)) {
                ds.forEach(sigs::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
            if (sigs.isEmpty()) throw new InvalidInputException("--references " + dir + " holds no " + SignatureJob.SUFFIX + " file");
            sigs.sort(null);
            for (java.nio.file.Path p : sigs) {
                Signature s = Signature.read(p);
                if (out.containsKey(s.modelId())) {
                    throw new InvalidInputException("model " + s.modelId() + " has two references: " + from.get(s.modelId()) + " and " + p);
                }
                out.put(s.modelId(), check(s.modelId(), p, s, spec));
                from.put(s.modelId(), p);
            }
        }
        return out;
    }

    private static Signature check(String model, java.nio.file.Path path, Signature s, DriftSpec spec) {
        if (!s.config().equals(spec.config())) {
            try {
                Signature.requireSameConfig(spec.config(), s.config());
            } catch (InvalidInputException e) {
                throw new InvalidInputException("reference " + path + " of model " + model + " was built under another encoder configuration than the job's --dim/--seed: "
                        + e.getMessage() + " (job vs reference)");
            }
        }
        if (s.sample().size() < DriftDetector.MIN_CALIBRATION_SCORES) {
            throw new InvalidInputException("reference " + path + " of model " + model + " samples " + s.sample().size()
                    + " responses; drift calibration needs at least " + DriftDetector.MIN_CALIBRATION_SCORES);
        }
        return s;
    }

    /**
     * One output line: the model, the window ({@code windowKind}, {@code windowIndex}, and for count windows the
     * 1-based positions of its first and last response among the model's responses, for time windows its start and
     * exclusive end as ISO-8601 instants), then the fields of {@code FingerprintRecords.drift}.
     */
    static ObjectNode line(String model, long index, Windowing w, int responses, ObjectNode drift) {
        ObjectNode n = JSON.createObjectNode();
        n.put("model", model);
        n.put("windowKind", w.kind().name().toLowerCase(Locale.ROOT));
        n.put("windowIndex", index);
        if (w.kind() == Windowing.Kind.COUNT) {
            n.put("windowFirstResponse", index * w.size() + 1);
            n.put("windowLastResponse", index * w.size() + responses);
        } else {
            n.put("windowStart", Instant.ofEpochMilli(index * w.size()).toString());
            n.put("windowEnd", Instant.ofEpochMilli((index + 1) * w.size()).toString());
        }
        n.setAll(drift);
        return n;
    }

    /** Writes the results to {@code file} as JSON lines, in their order (atomically: a temporary file, then a rename). */
    public static void write(List<DriftWindow> windows, java.nio.file.Path file) {
        java.nio.file.Path abs = file.toAbsolutePath();
        try {
            Files.createDirectories(abs.getParent());
            java.nio.file.Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
            StringBuilder sb = new StringBuilder();
            for (DriftWindow w : windows) sb.append(w.json()).append('\n');
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
