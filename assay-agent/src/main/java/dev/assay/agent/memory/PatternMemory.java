package dev.assay.agent.memory;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A bounded memory of labelled exemplars (embeddings of actions judged safe or unsafe).
 *
 * <p><b>Search.</b> Exact k-nearest neighbours by cosine similarity over every exemplar; ties in similarity go to
 * the earlier insertion, so answers are deterministic.
 *
 * <p><b>Posterior.</b> Similarity-weighted votes of the k neighbours (weight {@code max(0, similarity)}) on top of a
 * Beta({@code priorUnsafe}, {@code priorSafe}) prior: {@code P(unsafe) = (a + sum w[unsafe]) / (a + b + sum w)}. Few
 * or distant neighbours leave the posterior near the prior's mean, so its entropy is high and the decision rule
 * escalates.
 *
 * <p><b>Eviction.</b> Each class holds at most {@code capacityPerClass} exemplars. Each exemplar has an importance
 * (1 when added, +1 each time it is among the neighbours of a {@link #recall recall}) and a last use (the logical
 * clock when added or last recalled; the clock ticks at every add and recall). Adding to a full class first evicts
 * the exemplar of that class with the lowest retention {@code importance * decay^(clock - lastUse)}, the earliest
 * inserted on ties: plain LRU when importances are equal, and an often-used exemplar outlives several unused ones.
 *
 * <p>Thread-safe: {@link #posterior} and {@link #nearest} are reads under a shared lock; {@link #add} and
 * {@link #recall} write under an exclusive one.
 */
public final class PatternMemory {
    public static final int DEFAULT_CAPACITY_PER_CLASS = 1_000;
    public static final int DEFAULT_K = 10;
    /** Retention lost per tick of the clock without use: the retention halves after about 69 ticks. */
    public static final double DEFAULT_DECAY = 0.99;
    /** Beta prior pseudo-counts (Laplace), for each class. */
    public static final double DEFAULT_PRIOR = 1.0;

    /** How the memory is sized and how it votes. */
    public record Config(int dimension, int capacityPerClass, int k, double decay, double priorUnsafe, double priorSafe) {
        public Config {
            if (dimension < 1) throw new InvalidInputException("dimension must be >= 1, but was " + dimension);
            if (capacityPerClass < 1) throw new InvalidInputException("capacityPerClass must be >= 1, but was " + capacityPerClass);
            if (k < 1) throw new InvalidInputException("k must be >= 1, but was " + k);
            if (!(decay > 0 && decay <= 1)) throw new InvalidInputException("decay must be in (0, 1], but was " + decay);
            if (!(priorUnsafe > 0) || !Double.isFinite(priorUnsafe)) throw new InvalidInputException("priorUnsafe must be > 0, but was " + priorUnsafe);
            if (!(priorSafe > 0) || !Double.isFinite(priorSafe)) throw new InvalidInputException("priorSafe must be > 0, but was " + priorSafe);
        }

        public static Config defaults(int dimension) {
            return new Config(dimension, DEFAULT_CAPACITY_PER_CLASS, DEFAULT_K, DEFAULT_DECAY, DEFAULT_PRIOR, DEFAULT_PRIOR);
        }

        public Config withK(int newK) {
            return new Config(dimension, capacityPerClass, newK, decay, priorUnsafe, priorSafe);
        }

        public Config withCapacityPerClass(int capacity) {
            return new Config(dimension, capacity, k, decay, priorUnsafe, priorSafe);
        }
    }

    /** A stored exemplar as callers see it. */
    public record ExemplarState(long id, Label label, int importance, long lastUse) {}

    /**
     * A stored exemplar in full, for checkpoints: its unit vector and its key (a digest of what was embedded, so the
     * same input can be recognised and left out of its own judgement; null when none was given).
     */
    public record Stored(long id, Label label, int importance, long lastUse, byte[] key, float[] unit) {
        public Stored {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(unit, "unit");
            if (importance < 1) throw new InvalidInputException("an exemplar's importance must be >= 1, but was " + importance);
        }
    }

    /** Everything the memory holds, to write it down and {@link #restore} it exactly. */
    public record State(Config config, long clock, long nextId, List<Stored> exemplars) {
        public State {
            Objects.requireNonNull(config, "config");
            exemplars = List.copyOf(exemplars);
        }
    }

    private static final class Exemplar {
        final long id;
        final Label label;
        final float[] unit;
        final byte[] key;
        int importance = 1;
        long lastUse;

        Exemplar(long id, Label label, float[] unit, byte[] key, long lastUse) {
            this.id = id;
            this.label = label;
            this.unit = unit;
            this.key = key;
            this.lastUse = lastUse;
        }
    }

    private final Config config;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Insertion order = id order. */
    private final Map<Long, Exemplar> exemplars = new LinkedHashMap<>();
    private final int[] counts = new int[Label.values().length];
    private long nextId;
    private long clock;

    public PatternMemory(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public Config config() {
        return config;
    }

    /** Stores {@code embedding} (copied, scaled to unit length) with {@code label}, evicting first if its class is full; returns its id. */
    public long add(float[] embedding, Label label) {
        return add(embedding, label, null);
    }

    /** As {@link #add(float[], Label)}, remembering {@code key} (a digest of the input embedded; null for none). */
    public long add(float[] embedding, Label label, byte[] key) {
        Objects.requireNonNull(label, "label");
        float[] unit = unit(embedding);
        byte[] k = key == null ? null : key.clone();
        lock.writeLock().lock();
        try {
            clock++;
            if (counts[label.ordinal()] >= config.capacityPerClass()) evictOne(label);
            long id = nextId++;
            exemplars.put(id, new Exemplar(id, label, unit, k, clock));
            counts[label.ordinal()]++;
            return id;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The {@code k} nearest exemplars, most similar first (the earlier inserted on equal similarity). */
    public List<Neighbour> nearest(float[] query, int k) {
        if (k < 1) throw new InvalidInputException("k must be >= 1, but was " + k);
        return nearest(query, k, null);
    }

    /** As {@link #nearest(float[], int)}, leaving out the exemplars stored under {@code exclude} (null: none). */
    public List<Neighbour> nearest(float[] query, int k, byte[] exclude) {
        if (k < 1) throw new InvalidInputException("k must be >= 1, but was " + k);
        float[] q = unit(query);
        lock.readLock().lock();
        try {
            return search(q, k, exclude);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The posterior for {@code query} from its {@code k} nearest exemplars; changes nothing. */
    public Posterior posterior(float[] query) {
        return posterior(query, null);
    }

    /**
     * The posterior for {@code query} without the exemplars stored under {@code exclude}: the judgement of an input
     * the memory may have learned, as if it had not (leave-one-out).
     */
    public Posterior posterior(float[] query, byte[] exclude) {
        return posteriorOf(nearest(query, config.k(), exclude));
    }

    /**
     * The posterior for {@code query}, as {@link #posterior}, for a decision the memory takes part in: the neighbours
     * used gain importance and are marked used now.
     */
    public Posterior recall(float[] query) {
        return recall(query, null);
    }

    /** As {@link #recall(float[])}, leaving out the exemplars stored under {@code exclude} (null: none). */
    public Posterior recall(float[] query, byte[] exclude) {
        float[] q = unit(query);
        lock.writeLock().lock();
        try {
            clock++;
            List<Neighbour> found = search(q, config.k(), exclude);
            for (Neighbour n : found) {
                Exemplar e = exemplars.get(n.id());
                e.importance++;
                e.lastUse = clock;
            }
            return posteriorOf(found);
        } finally {
            lock.writeLock().unlock();
        }
    }

    public int size(Label label) {
        lock.readLock().lock();
        try {
            return counts[label.ordinal()];
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The unit vector stored under {@code key} (the latest such exemplar), a copy; empty when there is none. */
    public java.util.Optional<float[]> unitOf(byte[] key) {
        Objects.requireNonNull(key, "key");
        lock.readLock().lock();
        try {
            float[] found = null;
            for (Exemplar e : exemplars.values()) if (e.key != null && Arrays.equals(e.key, key)) found = e.unit;
            return java.util.Optional.ofNullable(found == null ? null : found.clone());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The label of the latest exemplar stored under {@code key}; empty when there is none. */
    public java.util.Optional<Label> labelOf(byte[] key) {
        Objects.requireNonNull(key, "key");
        lock.readLock().lock();
        try {
            Label found = null;
            for (Exemplar e : exemplars.values()) if (e.key != null && Arrays.equals(e.key, key)) found = e.label;
            return java.util.Optional.ofNullable(found);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The unit vectors of one class, in insertion order (copies). */
    public List<float[]> units(Label label) {
        lock.readLock().lock();
        try {
            List<float[]> out = new ArrayList<>();
            for (Exemplar e : exemplars.values()) if (e.label == label) out.add(e.unit.clone());
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Everything the memory holds, for a checkpoint. */
    public State snapshot() {
        lock.readLock().lock();
        try {
            List<Stored> out = new ArrayList<>(exemplars.size());
            for (Exemplar e : exemplars.values()) {
                out.add(new Stored(e.id, e.label, e.importance, e.lastUse, e.key == null ? null : e.key.clone(), e.unit.clone()));
            }
            return new State(config, clock, nextId, out);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A memory holding exactly {@code state}: the same exemplars, importances, clock and ids, so that it answers and
     * evicts as the memory the state was taken from. Refuses a state that breaks the memory's rules.
     */
    public static PatternMemory restore(State state) {
        PatternMemory m = new PatternMemory(state.config());
        long lastId = -1;
        for (Stored s : state.exemplars()) {
            if (s.id() <= lastId) throw new InvalidInputException("exemplar ids must increase, but " + s.id() + " follows " + lastId);
            if (s.id() >= state.nextId()) throw new InvalidInputException("exemplar id " + s.id() + " is not below the next id " + state.nextId());
            if (s.lastUse() > state.clock()) throw new InvalidInputException("exemplar " + s.id() + " was used after the memory's clock");
            lastId = s.id();
            if (s.unit().length != state.config().dimension()) {
                throw new InvalidInputException("exemplar " + s.id() + " has " + s.unit().length + " dimensions, not " + state.config().dimension());
            }
            m.unit(s.unit()); // refuses non-finite and zero vectors; the stored vector is kept bit for bit
            Exemplar e = new Exemplar(s.id(), s.label(), s.unit().clone(), s.key() == null ? null : s.key().clone(), s.lastUse());
            e.importance = s.importance();
            m.exemplars.put(s.id(), e);
            m.counts[s.label().ordinal()]++;
            if (m.counts[s.label().ordinal()] > state.config().capacityPerClass()) {
                throw new InvalidInputException("the state holds more " + s.label() + " exemplars than the capacity " + state.config().capacityPerClass());
            }
        }
        m.clock = state.clock();
        m.nextId = state.nextId();
        return m;
    }

    /** Every stored exemplar in insertion order. */
    public List<ExemplarState> exemplars() {
        lock.readLock().lock();
        try {
            List<ExemplarState> out = new ArrayList<>(exemplars.size());
            for (Exemplar e : exemplars.values()) out.add(new ExemplarState(e.id, e.label, e.importance, e.lastUse));
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private Posterior posteriorOf(List<Neighbour> found) {
        double unsafe = config.priorUnsafe(), total = config.priorUnsafe() + config.priorSafe();
        for (Neighbour n : found) {
            double w = Math.max(0, n.similarity());
            total += w;
            if (n.label() == Label.UNSAFE) unsafe += w;
        }
        return new Posterior(unsafe / total, found);
    }

    /** Top-k by a bounded insertion: a later exemplar displaces an earlier one only when strictly more similar. */
    private List<Neighbour> search(float[] q, int k, byte[] exclude) {
        int m = Math.min(k, exemplars.size());
        Exemplar[] best = new Exemplar[m];
        double[] bestSim = new double[m];
        int filled = 0;
        for (Exemplar e : exemplars.values()) {
            if (exclude != null && e.key != null && Arrays.equals(e.key, exclude)) continue;
            double s = dot(q, e.unit);
            if (filled == m && s <= bestSim[m - 1]) continue;
            int at = filled < m ? filled++ : m - 1;
            while (at > 0 && bestSim[at - 1] < s) {
                best[at] = best[at - 1];
                bestSim[at] = bestSim[at - 1];
                at--;
            }
            best[at] = e;
            bestSim[at] = s;
        }
        List<Neighbour> out = new ArrayList<>(filled);
        for (int j = 0; j < filled; j++) out.add(new Neighbour(best[j].id, best[j].label, bestSim[j]));
        return out;
    }

    private void evictOne(Label label) {
        Exemplar victim = null;
        double worst = Double.POSITIVE_INFINITY;
        for (Exemplar e : exemplars.values()) { // insertion order: strict < keeps the earliest on ties
            if (e.label != label) continue;
            double retention = e.importance * Math.pow(config.decay(), clock - e.lastUse);
            if (retention < worst) {
                worst = retention;
                victim = e;
            }
        }
        exemplars.remove(victim.id);
        counts[label.ordinal()]--;
    }

    private float[] unit(float[] v) {
        Objects.requireNonNull(v, "embedding");
        if (v.length != config.dimension()) {
            throw new InvalidInputException("embedding must have " + config.dimension() + " dimensions, but has " + v.length);
        }
        double sq = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) throw new InvalidInputException("embedding has a non-finite component");
            sq += (double) x * x;
        }
        if (sq == 0) throw new InvalidInputException("embedding is the zero vector");
        double norm = Math.sqrt(sq);
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) u[i] = (float) (v[i] / norm);
        return u;
    }

    private static double dot(float[] a, float[] b) {
        // four independent sums let the JIT pipeline the multiply-adds; deterministic for a given dimension
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) s0 += a[i] * b[i];
        return (double) s0 + s1 + s2 + s3;
    }
}
