package dev.assay.bench.agent;

import dev.assay.agent.learned.InteractionEncoder;
import dev.assay.agent.learned.LearnedLayer;
import dev.assay.agent.learned.LogisticModel;
import dev.assay.agent.learned.TrajectoryFeatures;
import dev.assay.agent.memory.DecisionRule;
import dev.assay.agent.memory.Label;
import dev.assay.agent.memory.PatternMemory;
import dev.assay.agent.memory.Posterior;
import dev.assay.agent.rjudge.Interaction;
import dev.assay.agent.rjudge.RJudge;
import dev.assay.agent.rjudge.Turn;
import dev.assay.models.embed.EmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The learned layer's latency per decision, one thread, on the 564 R-Judge interactions in turn:
 * <ul>
 *   <li>{@code memory}: embed the interaction (three MiniLM views) and decide from the pattern memory's k-NN
 *       posterior, the memory full (1,000 exemplars per class: the R-Judge embeddings, repeated with seeded noise of
 *       norm about 0.1 so that exact search scans the full capacity);</li>
 *   <li>{@code classifier}: embed and decide with logistic regression on the embedding and trajectory features
 *       (fitted on all 564; the weights do not change the cost);</li>
 *   <li>{@code knnOnly}: the memory's search and posterior for an embedding computed in setup;</li>
 *   <li>{@code sessionAction}: as {@code memory}, for an action never seen before in a session whose request and
 *       tool results the encoder has already embedded (its per-view cache, primed in setup): the interaction's last
 *       agent turn starts with a call counter (inside the view's per-turn budget), so its actions view is new at every call and is the only view embedded.
 *       This is the guard's cost per decision in a running session.</li>
 * </ul>
 * After the first pass over the set, {@code memory} and {@code classifier} find all three views in the encoder's
 * cache and measure the learned part only; {@code sessionAction} is the figure with the embedding.
 * The decision rule's numbers do not change the cost; the setup embeds the set once (about a minute).
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java -jar assay-bench/target/benchmarks.jar
 * LearnedLayerBenchmark -p data=../shared/data}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LearnedLayerBenchmark {
    @Param("../shared/data")
    public String data;

    List<Interaction> interactions;
    float[][] embeddings;
    PatternMemory memory;
    LearnedLayer byMemory;
    LearnedLayer byClassifier;
    int next;
    long calls;

    @Setup(Level.Trial)
    public void load() {
        interactions = RJudge.read(Path.of(data, "guard", "rjudge.json"));
        InteractionEncoder encoder = new InteractionEncoder(EmbeddingModel.miniLmL6V2Quantized());
        int n = interactions.size();
        embeddings = new float[n][];
        double[][] rows = new double[n][];
        boolean[] unsafe = new boolean[n];
        for (int i = 0; i < n; i++) {
            embeddings[i] = encoder.encode(interactions.get(i));
            unsafe[i] = interactions.get(i).unsafe();
            rows[i] = LearnedLayer.classifierRow(embeddings[i], TrajectoryFeatures.of(interactions.get(i)));
        }
        memory = new PatternMemory(PatternMemory.Config.defaults(encoder.dimension()));
        Random random = new Random(1);
        int cap = PatternMemory.DEFAULT_CAPACITY_PER_CLASS;
        for (int i = 0; memory.size(Label.SAFE) < cap || memory.size(Label.UNSAFE) < cap; i++) {
            int j = i % n;
            Label label = unsafe[j] ? Label.UNSAFE : Label.SAFE;
            if (memory.size(label) >= cap) continue;
            float[] v = embeddings[j].clone();
            for (int d = 0; d < v.length; d++) v[d] += (float) (random.nextGaussian() * 0.1 / Math.sqrt(v.length));
            memory.add(v, label);
        }
        DecisionRule rule = new DecisionRule(0.5, 0.9);
        byMemory = LearnedLayer.memory(encoder, memory, rule);
        byClassifier = LearnedLayer.classifier(encoder, LogisticModel.fit(rows, unsafe), rule);
    }

    private int advance() {
        int i = next;
        next = next + 1 == interactions.size() ? 0 : next + 1;
        return i;
    }

    @Benchmark
    public LearnedLayer.Judgement memory() {
        return byMemory.judge(interactions.get(advance()));
    }

    @Benchmark
    public LearnedLayer.Judgement classifier() {
        return byClassifier.judge(interactions.get(advance()));
    }

    @Benchmark
    public LearnedLayer.Judgement sessionAction() {
        Interaction base = interactions.get(advance());
        List<Turn> turns = new ArrayList<>(base.turns());
        for (int t = turns.size() - 1; t >= 0; t--) {
            Turn turn = turns.get(t);
            if (turn.role() == Turn.Role.AGENT) {
                turns.set(t, new Turn(turn.role(), turn.content(), "#" + (calls++) + " " + turn.thought(), turn.action()));
                break;
            }
        }
        return byMemory.judge(new Interaction(base.id(), turns, base.unsafe(), base.riskDescription()));
    }

    @Benchmark
    public Posterior knnOnly() {
        return memory.recall(embeddings[advance()]);
    }
}
