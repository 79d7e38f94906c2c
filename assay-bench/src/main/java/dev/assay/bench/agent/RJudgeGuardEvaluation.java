package dev.assay.bench.agent;

import dev.assay.agent.command.Decision;
import dev.assay.agent.guard.Guard;
import dev.assay.agent.labelled.Labelled;
import dev.assay.agent.labelled.LabelledSets;
import dev.assay.agent.labelled.Scores;
import dev.assay.agent.learned.GuardMemory;
import dev.assay.agent.learned.InteractionEncoder;
import dev.assay.agent.poison.PoisonCheck;
import dev.assay.agent.policy.Policy;
import dev.assay.agent.rjudge.Interaction;
import dev.assay.models.embed.EmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The whole guard pipeline (rules, injection check, learned layer) on an agent-safety set in the R-Judge format,
 * under seeded stratified 5-fold cross-validation: in each fold the data directory's memory is built by
 * {@code GuardMemory.learn} from the four training folds only and the held-out fold is decided as
 * {@code assay agent eval} decides it. Then the poisoning experiment: the memory learns a trusted random half of the
 * training folds, then the other half with a share of its labels flipped, once through the poisoning check and once
 * without it; reported are the mislabelled examples stopped, the genuine ones stopped, and F1 on the held-out fold;
 * once with random flips, once targeted (only unsafe examples relabelled safe).
 *
 * <p>Usage: {@code RJudgeGuardEvaluation RJUDGE.json [RATES] [SEED]}, e.g. {@code rjudge.json 0.1,0.2,0.3 20241203}.
 */
public final class RJudgeGuardEvaluation {
    static final int FOLDS = 5;

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        double[] rates = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).mapToDouble(Double::parseDouble).toArray() : new double[] {0.1, 0.2, 0.3};
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 20_241_203L;
        List<Labelled> set = LabelledSets.read(file, LabelledSets.Format.RJUDGE);
        InteractionEncoder encoder = new InteractionEncoder(EmbeddingModel.miniLmL6V2Quantized()); // one encoder: each view is embedded once per run
        long t0 = System.nanoTime();
        for (Labelled l : set) encoder.encode(l.interaction());
        System.out.printf(Locale.ROOT, "%s: %d records, embedded in %.1f s%n", file, set.size(), (System.nanoTime() - t0) / 1e9);
        int[] fold = stratifiedFolds(set, seed);
        Policy policy = Policy.defaults().withoutLimits();

        Scores rules = Scores.empty(), learned = Scores.empty();
        for (int f = 0; f < FOLDS; f++) {
            List<Interaction> train = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) if (fold[i] != f) train.add(set.get(i).interaction());
            GuardMemory memory = GuardMemory.empty(InteractionEncoder.MINILM_ID, encoder.dimension(), () -> encoder, PoisonCheck.Config.defaults());
            memory.learn(train, true, n -> { });
            rules = decide(new Guard(policy), set, fold, f, rules);
            learned = decide(new Guard(policy, memory), set, fold, f, learned);
        }
        System.out.println();
        System.out.println("5-fold cross-validation (seed " + seed + "); ESCALATE as unsafe | as abstention");
        print("rules and injection check", rules);
        print("rules, injection check, learned memory", learned);

        for (boolean targeted : new boolean[] {false, true}) {
            poisoning(set, fold, encoder, policy, rates, seed, targeted);
        }
    }

    /**
     * The poisoning experiment. Random: a share of the stream's labels flipped either way. Targeted: only unsafe
     * records relabelled safe (an attacker who wants unsafe actions let through), the same number as a random flip of
     * that share; reported beside F1 is the recall on unsafe held-out records, what such an attacker lowers.
     */
    static void poisoning(List<Labelled> set, int[] fold, InteractionEncoder encoder, Policy policy, double[] rates, long seed, boolean targeted) {
        System.out.println();
        System.out.println("poisoning (" + (targeted ? "targeted: unsafe relabelled safe" : "random flips") + "): trusted half of the training"
                + " folds, then the other half with labels flipped");
        System.out.println("| flipped | stopped (of flipped) | genuine stopped (of genuine) | F1 with the check | F1 without | F1 clean"
                + " | recall with | recall without | recall clean |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (double rate : rates) {
            int flipped = 0, flippedStopped = 0, genuine = 0, genuineStopped = 0;
            Scores with = Scores.empty(), without = Scores.empty(), clean = Scores.empty();
            Random random = new Random(seed + Math.round(rate * 1000));
            for (int f = 0; f < FOLDS; f++) {
                List<Interaction> train = new ArrayList<>();
                for (int i = 0; i < set.size(); i++) if (fold[i] != f) train.add(set.get(i).interaction());
                Collections.shuffle(train, random);
                List<Interaction> trusted = train.subList(0, train.size() / 2);
                List<Interaction> stream = new ArrayList<>(train.subList(train.size() / 2, train.size()));
                List<Interaction> poisoned = new ArrayList<>(stream);
                int flips = (int) Math.round(rate * stream.size());
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < stream.size(); i++) if (!targeted || stream.get(i).unsafe()) order.add(i);
                Collections.shuffle(order, random);
                flips = Math.min(flips, order.size());
                java.util.Set<String> flippedIds = new java.util.HashSet<>();
                for (int j = 0; j < flips; j++) {
                    Interaction it = stream.get(order.get(j));
                    poisoned.set(order.get(j), new Interaction(it.id() + "#flipped", it.turns(), !it.unsafe(), it.riskDescription()));
                    flippedIds.add(it.id() + "#flipped");
                }
                GuardMemory checked = memory(encoder, trusted);
                GuardMemory.LearnReport r = checked.learn(poisoned, false, n -> { });
                for (GuardMemory.Flag fl : r.flagged()) {
                    if (flippedIds.contains(fl.id())) flippedStopped++;
                    else genuineStopped++;
                }
                flipped += flips;
                genuine += stream.size() - flips;
                GuardMemory unchecked = memory(encoder, trusted);
                unchecked.learn(poisoned, true, n -> { });
                GuardMemory cleanMemory = memory(encoder, trusted);
                cleanMemory.learn(stream, true, n -> { });
                with = decide(new Guard(policy, checked), set, fold, f, with);
                without = decide(new Guard(policy, unchecked), set, fold, f, without);
                clean = decide(new Guard(policy, cleanMemory), set, fold, f, clean);
            }
            System.out.printf(Locale.ROOT, "| %.0f%% | %d of %d (%.1f%%) | %d of %d (%.1f%%) | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n", 100 * rate,
                    flippedStopped, flipped, 100.0 * flippedStopped / flipped, genuineStopped, genuine, 100.0 * genuineStopped / genuine, with.f1(),
                    without.f1(), clean.f1(), with.recall(), without.recall(), clean.recall());
        }
    }

    static GuardMemory memory(InteractionEncoder encoder, List<Interaction> trusted) {
        GuardMemory m = GuardMemory.empty(InteractionEncoder.MINILM_ID, encoder.dimension(), () -> encoder, PoisonCheck.Config.defaults());
        m.learn(trusted, true, n -> { });
        return m;
    }

    static Scores decide(Guard guard, List<Labelled> set, int[] fold, int f, Scores s) {
        for (int i = 0; i < set.size(); i++) {
            if (fold[i] != f) continue;
            Labelled l = set.get(i);
            Decision d = Decision.ALLOW;
            for (var a : l.actions()) d = d.max(guard.decideForEvaluation(a, l.interaction(), null).decision());
            s = s.plus(d, l.unsafe());
        }
        return s;
    }

    static void print(String what, Scores s) {
        System.out.printf(Locale.ROOT, "| %s | tp %d fp %d tn %d fn %d | precision %.4f recall %.4f F1 %.4f | escalated %.1f%% | abstention F1 %.4f |%n",
                what, s.tp(), s.fp(), s.tn(), s.fn(), s.precision(), s.recall(), s.f1(), 100 * s.escalationRate(), s.abstainF1());
    }

    /** Fold numbers, each class dealt round-robin in a seeded random order. */
    static int[] stratifiedFolds(List<Labelled> set, long seed) {
        int[] fold = new int[set.size()];
        Random random = new Random(seed);
        for (boolean unsafe : new boolean[] {false, true}) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) if (set.get(i).unsafe() == unsafe) idx.add(i);
            Collections.shuffle(idx, random);
            for (int j = 0; j < idx.size(); j++) fold[idx.get(j)] = j % FOLDS;
        }
        return fold;
    }
}
