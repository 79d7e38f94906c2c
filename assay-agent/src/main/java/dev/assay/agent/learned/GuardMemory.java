package dev.assay.agent.learned;

import dev.assay.agent.checkpoint.Checkpoints;
import dev.assay.agent.memory.DecisionRule;
import dev.assay.agent.memory.Label;
import dev.assay.agent.memory.PatternMemory;
import dev.assay.agent.memory.Posterior;
import dev.assay.agent.poison.PoisonCheck;
import dev.assay.agent.rjudge.Interaction;
import dev.assay.agent.rjudge.Turn;
import dev.assay.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The guard's learned state and what it does with it: a {@link PatternMemory} of embedded, labelled interactions,
 * the {@link DecisionRule} calibrated on it, and the {@link PoisonCheck} every new exemplar passes before it is
 * learned. One per data directory; {@link #checkpoint} writes it down, {@link #restore} reads it back.
 *
 * <ul>
 *   <li><b>Judging</b> ({@link #judge}): the interaction is embedded (an exemplar stored under the same key, or the
 *       encoder's vectors of views it has embedded before, save the model call), its k nearest exemplars give P(unsafe), and the rule
 *       decides; empty while the memory is not calibrated (fewer than {@value #MIN_PER_CLASS} exemplars of a class),
 *       so a guard without a learned memory decides by its rules alone.</li>
 *   <li><b>Learning</b> ({@link #learn}): each labelled interaction is embedded; one already stored under its key is
 *       skipped (same label) or flagged (other label); unless the batch is trusted, the poisoning check fitted on the
 *       memory as it was before the batch must accept it, and a flagged one is reported, not learned. While the
 *       memory is too small for the check, examples are learned unchecked and counted as such. Afterwards the rule
 *       is calibrated again on leave-one-out posteriors of every stored exemplar.</li>
 * </ul>
 * Thread-safe: judging and learning may run at once (the memory locks; a batch's rule replaces the old one whole).
 */
public final class GuardMemory {
    /** Where a data directory keeps the checkpoints. */
    public static final String DIRECTORY = "agent/checkpoints";
    /** Fewest exemplars of each class before the memory decides anything. */
    public static final int MIN_PER_CLASS = 10;

    /** One example the poisoning check stopped, or whose key the memory holds under the other label. */
    public record Flag(String id, Label claimed, String reason) {}

    /** What a {@link #learn} call did. */
    public record LearnReport(int examples, int accepted, int unchecked, int duplicates, List<Flag> flagged, DecisionRule rule,
                              int safe, int unsafe) {
        public LearnReport {
            flagged = List.copyOf(flagged);
        }
    }

    private final String encoderId;
    private final Supplier<InteractionEncoder> encoder;
    private final PatternMemory memory;
    private final PoisonCheck.Config poison;
    /** The rule and the applicability threshold, replaced together. */
    private record Calibration(DecisionRule rule, double minSimilarity, double consistency) {}

    /** Share of the stored exemplars whose own nearest neighbour (leave-one-out) may fall below the applicability threshold. */
    public static final double OUTSIDE_SHARE = 0.05;

    private volatile Calibration calibration;
    private volatile InteractionEncoder loaded;
    /** Keys (hex) of stored exemplars the guard's trajectory rule decides before the learned layer sees them. */
    private final java.util.Set<String> ruled = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private GuardMemory(String encoderId, Supplier<InteractionEncoder> encoder, PatternMemory memory, Calibration calibration, PoisonCheck.Config poison) {
        this.encoderId = Objects.requireNonNull(encoderId, "encoderId");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.calibration = calibration;
        this.poison = Objects.requireNonNull(poison, "poison");
    }

    /**
     * An empty memory of {@code dimension}-dimensional exemplars. {@code encoder} is called once, when the first
     * interaction is embedded (loading the embedding model takes a while); {@code encoderId} names it in checkpoints.
     */
    public static GuardMemory empty(String encoderId, int dimension, Supplier<InteractionEncoder> encoder, PoisonCheck.Config poison) {
        return new GuardMemory(encoderId, encoder, new PatternMemory(PatternMemory.Config.defaults(dimension)), null, poison);
    }

    /** The memory of a checkpoint; refuses one written with another encoder. */
    public static GuardMemory restore(Checkpoints.Contents c, String encoderId, Supplier<InteractionEncoder> encoder) {
        if (!c.encoder().equals(encoderId)) {
            throw new InvalidInputException("the agent checkpoint was learned with the encoder " + c.encoder() + ", but this guard embeds with "
                    + encoderId + "; learn again into a new data directory");
        }
        Calibration cal = c.rule() == null ? null : new Calibration(c.rule(), Double.isNaN(c.minSimilarity()) ? -1 : c.minSimilarity(), c.consistency());
        GuardMemory g = new GuardMemory(encoderId, encoder, PatternMemory.restore(c.memory()), cal, c.poison());
        g.ruled.addAll(c.ruled());
        return g;
    }

    /** The newest checkpoint in {@code dataDir}'s {@value #DIRECTORY}, or an empty memory when there is none. */
    public static GuardMemory open(Checkpoints checkpoints, String encoderId, int dimension, Supplier<InteractionEncoder> encoder) {
        Optional<Checkpoints.Contents> c = checkpoints.latest();
        return c.isPresent() ? restore(c.get(), encoderId, encoder) : empty(encoderId, dimension, encoder, PoisonCheck.Config.defaults());
    }

    /** The checkpoint directory of a data directory. */
    public static Path directory(Path dataDir) {
        return dataDir.resolve(DIRECTORY);
    }

    /** Writes the state as the next checkpoint. */
    public Path checkpoint(Checkpoints checkpoints) {
        Calibration c = calibration;
        PatternMemory.State state = memory.snapshot();
        java.util.Set<String> stored = new java.util.HashSet<>();
        for (PatternMemory.Stored x : state.exemplars()) if (x.key() != null) stored.add(HexFormat.of().formatHex(x.key()));
        ruled.retainAll(stored); // evicted exemplars leave the set
        return checkpoints.write(encoderId, state, c == null ? null : c.rule(), c == null ? Double.NaN : c.minSimilarity(),
                c == null ? Double.NaN : c.consistency(), poison, java.util.Set.copyOf(ruled));
    }

    /** True when the memory has been calibrated and takes part in decisions. */
    public boolean ready() {
        return calibration != null;
    }

    public Optional<DecisionRule> rule() {
        Calibration c = calibration;
        return Optional.ofNullable(c == null ? null : c.rule());
    }

    /**
     * The similarity to the nearest exemplar below which an input is outside the memory's experience and the learned
     * layer does not judge it: the {@value #OUTSIDE_SHARE} quantile of the stored exemplars' leave-one-out nearest
     * similarities. NaN while not calibrated.
     */
    public double minSimilarity() {
        Calibration c = calibration;
        return c == null ? Double.NaN : c.minSimilarity();
    }

    public int size(Label label) {
        return memory.size(label);
    }

    /** How many stored exemplars the guard's trajectory rule decides (left out of the rule's calibration). */
    public int ruled() {
        return ruled.size();
    }

    /** How full the fuller class is, in [0, 1]. */
    public double utilization() {
        int cap = memory.config().capacityPerClass();
        return Math.max(memory.size(Label.SAFE), memory.size(Label.UNSAFE)) / (double) cap;
    }

    /**
     * Pattern consistency: the share of stored exemplars the calibrated rule decides as labelled from their
     * leave-one-out posteriors (an ESCALATE counts as not); computed at calibration and kept in checkpoints; NaN while
     * not calibrated.
     */
    public double consistency() {
        Calibration c = calibration;
        return c == null ? Double.NaN : c.consistency();
    }

    private static double consistency(DecisionRule rule, double[] p, boolean[] unsafe) {
        int agree = 0;
        for (int i = 0; i < p.length; i++) {
            var d = rule.decide(p[i]);
            if (d == dev.assay.agent.command.Decision.DENY && unsafe[i] || d == dev.assay.agent.command.Decision.ALLOW && !unsafe[i]) agree++;
        }
        return p.length == 0 ? Double.NaN : agree / (double) p.length;
    }

    /**
     * The identity of an interaction's input: the SHA-256 of its turns in full (role, content, thought, action), so
     * records that differ only beyond what is embedded are still told apart; its label and id are not part of it.
     */
    public static byte[] key(Interaction interaction) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Turn t : interaction.turns()) {
                for (String s : new String[] {t.role().name(), t.content(), t.thought(), t.action()}) {
                    md.update(s.getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                }
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The learned layer's judgement of {@code interaction}, leaving out the exemplars stored under {@code exclude}
     * (null: none); {@code recall} marks the neighbours used (a live decision) rather than only reading (an
     * evaluation). Empty while the memory is not calibrated, and for an input outside its experience (the nearest
     * exemplar less similar than {@link #minSimilarity()}): k-NN votes of distant exemplars are not evidence.
     */
    public Optional<LearnedLayer.Judgement> judge(Interaction interaction, byte[] exclude, boolean recall) {
        return assess(interaction, exclude, recall).map(Outcome::judgement);
    }

    /**
     * What the learned layer made of an input: its judgement, or null when the input is outside the memory's
     * experience, with the similarity of the nearest exemplar and the threshold it was held to.
     */
    public record Outcome(LearnedLayer.Judgement judgement, double nearestSimilarity, double minSimilarity) {
        /** The outcome in words, for a verdict. */
        public String describe() {
            if (judgement == null) {
                return String.format(java.util.Locale.ROOT, "not judged: outside the memory's experience (nearest exemplar similarity %.2f < %.2f)",
                        nearestSimilarity, minSimilarity);
            }
            return judgement.decision() + ": " + GuardMemory.describe(judgement) + String.format(java.util.Locale.ROOT, ", entropy %.2f bits",
                    judgement.entropy());
        }
    }

    /** As {@link #judge}, saying also when and why the input was not judged; empty while the memory is not calibrated. */
    public Optional<Outcome> assess(Interaction interaction, byte[] exclude, boolean recall) {
        Calibration c = calibration;
        if (c == null) return Optional.empty();
        float[] v = embedding(interaction, key(interaction));
        List<dev.assay.agent.memory.Neighbour> nearest = memory.nearest(v, 1, exclude);
        double sim = nearest.isEmpty() ? -1 : nearest.get(0).similarity();
        if (sim < c.minSimilarity()) return Optional.of(new Outcome(null, sim, c.minSimilarity()));
        Posterior p = recall ? memory.recall(v, exclude) : memory.posterior(v, exclude);
        return Optional.of(new Outcome(new LearnedLayer.Judgement(c.rule().decide(p.pUnsafe()), p.pUnsafe(), p.neighbours(), c.rule()), sim,
                c.minSimilarity()));
    }

    private float[] embedding(Interaction interaction, byte[] key) {
        Optional<float[]> stored = memory.unitOf(key);
        if (stored.isPresent()) return stored.get();
        return encoder().encode(interaction); // the encoder keeps each view's vector: a repeated input is not embedded again
    }

    private InteractionEncoder encoder() {
        InteractionEncoder e = loaded;
        if (e == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = Objects.requireNonNull(encoder.get(), "encoder");
                    if (loaded.dimension() != memory.config().dimension()) {
                        throw new InvalidInputException("the memory holds " + memory.config().dimension() + "-dimensional exemplars, but the encoder gives "
                                + loaded.dimension());
                    }
                }
                e = loaded;
            }
        }
        return e;
    }

    /** Learns {@code examples} (labelled by their {@code unsafe}); see the class comment. {@code progress} gets 1 per example. */
    public synchronized LearnReport learn(List<Interaction> examples, boolean trusted, IntConsumer progress) {
        PoisonCheck check = null;
        if (!trusted && PoisonCheck.canFit(memory.size(Label.SAFE), memory.size(Label.UNSAFE), poison)) {
            check = PoisonCheck.fit(memory.units(Label.SAFE), memory.units(Label.UNSAFE), poison);
        }
        int accepted = 0, unchecked = 0, duplicates = 0;
        List<Flag> flagged = new ArrayList<>();
        for (Interaction it : examples) {
            Label label = it.unsafe() ? Label.UNSAFE : Label.SAFE;
            byte[] key = key(it);
            Optional<Label> held = memory.labelOf(key);
            if (held.isPresent()) {
                if (held.get() == label) duplicates++;
                else flagged.add(new Flag(it.id(), label, "the memory already holds this input labelled " + held.get().name().toLowerCase(java.util.Locale.ROOT)));
                progress.accept(1);
                continue;
            }
            float[] v = embedding(it, key);
            if (check != null) {
                PoisonCheck.Verdict verdict = check.check(v, label);
                if (!verdict.accepted()) {
                    flagged.add(new Flag(it.id(), label, verdict.reason()));
                    progress.accept(1);
                    continue;
                }
            } else if (!trusted) {
                unchecked++;
            }
            memory.add(v, label, key);
            if (TrajectoryFeatures.followedInstruction(it).isPresent()) ruled.add(HexFormat.of().formatHex(key));
            accepted++;
            progress.accept(1);
        }
        calibration = calibrate();
        return new LearnReport(examples.size(), accepted, unchecked, duplicates, flagged, rule().orElse(null), memory.size(Label.SAFE),
                memory.size(Label.UNSAFE));
    }

    /**
     * The rule calibrated on leave-one-out posteriors of the stored exemplars, and the applicability threshold from
     * their leave-one-out nearest similarities; null while a class has too few.
     */
    private Calibration calibrate() {
        if (memory.size(Label.SAFE) < MIN_PER_CLASS || memory.size(Label.UNSAFE) < MIN_PER_CLASS) return null;
        List<PatternMemory.Stored> all = memory.snapshot().exemplars();
        double[] p = new double[all.size()];
        double[] nearest = new double[all.size()];
        boolean[] unsafe = new boolean[all.size()];
        boolean[] decides = new boolean[all.size()];
        int[] deciding = new int[2];
        for (int i = 0; i < all.size(); i++) {
            PatternMemory.Stored s = all.get(i);
            Posterior post = memory.posterior(s.unit(), s.key());
            p[i] = post.pUnsafe();
            nearest[i] = post.neighbours().isEmpty() ? -1 : post.neighbours().get(0).similarity();
            unsafe[i] = s.label() == Label.UNSAFE;
            decides[i] = s.key() == null || !ruled.contains(HexFormat.of().formatHex(s.key()));
            if (decides[i]) deciding[unsafe[i] ? 1 : 0]++;
        }
        java.util.Arrays.sort(nearest);
        double min = nearest[(int) Math.floor(OUTSIDE_SHARE * (nearest.length - 1))];
        DecisionRule rule;
        if (deciding[0] >= MIN_PER_CLASS && deciding[1] >= MIN_PER_CLASS) {
            int n = deciding[0] + deciding[1], j = 0;
            double[] dp = new double[n];
            boolean[] du = new boolean[n];
            for (int i = 0; i < p.length; i++) {
                if (!decides[i]) continue;
                dp[j] = p[i];
                du[j++] = unsafe[i];
            }
            rule = DecisionRule.calibrate(dp, du, DecisionRule.DEFAULT_ESCALATION_BUDGET);
        } else {
            rule = DecisionRule.calibrate(p, unsafe, DecisionRule.DEFAULT_ESCALATION_BUDGET);
        }
        return new Calibration(rule, min, consistency(rule, p, unsafe));
    }

    /** The neighbours' labels in words, for a finding: "7 of its 10 nearest exemplars are unsafe". */
    public static String describe(LearnedLayer.Judgement j) {
        long unsafe = j.neighbours().stream().filter(n -> n.label() == Label.UNSAFE).count();
        return String.format(java.util.Locale.ROOT, "P(unsafe) %.2f from its %d nearest labelled exemplars (%d unsafe, nearest similarity %.2f)",
                j.pUnsafe(), j.neighbours().size(), unsafe, j.neighbours().isEmpty() ? 0 : j.neighbours().get(0).similarity());
    }
}
