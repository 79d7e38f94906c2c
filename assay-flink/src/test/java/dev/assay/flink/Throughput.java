package dev.assay.flink;

import dev.assay.fingerprint.drift.DriftConfig;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.signature.Signature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Throughput of {@link SignatureJob} (or, with {@code drift}, of {@link DriftJob}) on an embedded cluster with 1 and 2
 * task slots, alternating, three runs each: responses/s and MB/s of input, over the given logs copied {@code repeat}
 * times into a temporary directory (default encoder). The drift job checks count windows of {@code WINDOW} responses
 * (default 100) with the default drift settings against references built on one machine from the original logs.
 * Run (after {@code ./mvnw -q -pl assay-flink -am install -DskipTests}):
 * {@code ./mvnw -q -o -pl assay-flink dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test}
 * then {@code java -cp assay-flink/target/classes:assay-flink/target/test-classes:$(cat /tmp/cp.txt)
 * dev.assay.flink.Throughput DIR REPEAT [signature | drift [WINDOW]]}.
 */
public final class Throughput {
    private Throughput() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        boolean drift = args.length > 2 && args[2].equals("drift");
        long countWindow = args.length > 3 ? Long.parseLong(args[3]) : 100;
        Path tmp = Files.createTempDirectory("assay-flink-throughput");
        List<Path> logs;
        try (Stream<Path> s = Files.list(data)) {
            logs = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        long bytes = 0;
        List<String> inputs = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            for (Path log : logs) {
                Path copy = tmp.resolve("r" + r + "-" + log.getFileName());
                Files.copy(log, copy);
                bytes += Files.size(copy);
                inputs.add(copy.toString());
            }
        }
        Map<String, Path> references = new TreeMap<>();
        if (drift) {
            Path refs = Files.createDirectories(tmp.resolve("references"));
            SignatureJobTest.singleMachine(logs, null, EncoderConfig.DEFAULT).forEach((model, sig) -> {
                Path p = refs.resolve(SignatureJob.fileName(model) + SignatureJob.SUFFIX);
                sig.write(p);
                references.put(model, p);
            });
        }
        for (int slots : new int[] {1, 2, 1, 2, 1, 2}) {
            Configuration conf = new Configuration();
            conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(slots, conf);
            long t0 = System.nanoTime();
            if (drift) {
                DriftSpec spec = DriftSpec.of(inputs, references, EncoderConfig.DEFAULT, Windowing.count(countWindow), DriftConfig.defaults(),
                        tmp.resolve("drift.jsonl"), slots);
                List<DriftWindow> windows = DriftJob.run(env, spec);
                double secs = (System.nanoTime() - t0) / 1e9;
                long responses = 0;
                long drifted = 0;
                for (DriftWindow w : windows) {
                    var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(w.json());
                    responses += n.get("responses").asLong();
                    if (n.get("drift").asBoolean()) drifted++;
                }
                System.out.printf("job=drift slots=%d windows=%d drifted=%d responses=%d MB=%.1f time=%.2fs responses/s=%.0f MB/s=%.2f%n",
                        slots, windows.size(), drifted, responses, bytes / 1e6, secs, responses / secs, bytes / 1e6 / secs);
                continue;
            }
            JobSpec spec = new JobSpec(inputs, null, EncoderConfig.DEFAULT, tmp.resolve("out"), slots);
            SortedMap<String, Signature> sigs = SignatureJob.build(env, spec);
            double secs = (System.nanoTime() - t0) / 1e9;
            long responses = sigs.values().stream().mapToLong(Signature::responses).sum();
            System.out.printf("slots=%d models=%d responses=%d MB=%.1f time=%.2fs responses/s=%.0f MB/s=%.2f%n",
                    slots, sigs.size(), responses, bytes / 1e6, secs, responses / secs, bytes / 1e6 / secs);
        }
    }
}
