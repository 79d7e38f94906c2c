package dev.assay.fingerprint.drift;

/**
 * One-sided CUSUM restricted to the last {@code window} steps. With partial sums {@code P_t = sum (z_i - k)},
 * {@code P_0 = 0}, the statistic is {@code W_t = P_t - min(P_m : t - window <= m <= t)}: the largest sum of
 * {@code z_i - k} over a run of recent steps ending now (0 if none is positive). Without the window limit this is
 * Page's CUSUM {@code max(0, W_{t-1} + z_t - k)}; with it, evidence older than the window is forgotten and the
 * argmin {@code m} estimates where the change began. The minimum is kept by a monotone deque: O(1) amortised per
 * step, O(window) memory. Partial sums are re-based when they grow large, so long streams lose no precision.
 */
final class WindowedCusum {
    private static final double REBASE_AT = 1e6;

    private final int window;
    private final double allowance;
    private final int capacity;
    private final long[] index;
    private final double[] value;
    private int head;
    private int size;
    private long t;
    private double sum;

    WindowedCusum(int window, double allowance) {
        this.window = window;
        this.allowance = allowance;
        this.capacity = window + 2;
        this.index = new long[capacity];
        this.value = new double[capacity];
        reset();
    }

    /** Back to the start: no steps, {@code P_0 = 0}. */
    void reset() {
        head = 0;
        size = 0;
        t = 0;
        sum = 0;
        push(0, 0.0);
    }

    /** Adds a standardized score and returns the statistic {@code W_t}. */
    double step(double z) {
        t++;
        sum += z - allowance;
        while (size > 0 && value[(head + size - 1) % capacity] >= sum) {
            size--;
        }
        push(t, sum);
        while (index[head] < t - window) {
            head = (head + 1) % capacity;
            size--;
        }
        double w = sum - value[head];
        if (sum < -REBASE_AT || sum > REBASE_AT) {
            double base = sum;
            for (int i = 0; i < size; i++) {
                value[(head + i) % capacity] -= base;
            }
            sum = 0;
        }
        return w;
    }

    /** Steps taken since the last reset. */
    long steps() {
        return t;
    }

    /** The first step of the run that makes up the current statistic ({@code argmin + 1}); {@code steps() + 1} when it is 0. */
    long runStart() {
        return index[head] + 1;
    }

    /** Writes the whole state (steps, partial sum, the deque's live entries) for {@link #read}. */
    void write(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeLong(t);
        out.writeDouble(sum);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % capacity;
            out.writeLong(index[slot]);
            out.writeDouble(value[slot]);
        }
    }

    /** A CUSUM continuing exactly from what {@link #write} wrote. */
    static WindowedCusum read(int window, double allowance, java.io.DataInputStream in) throws java.io.IOException {
        WindowedCusum c = new WindowedCusum(window, allowance);
        c.t = in.readLong();
        c.sum = in.readDouble();
        int n = in.readInt();
        if (n < 1 || n > c.capacity) throw new java.io.IOException("a CUSUM state of " + n + " entries for a window of " + window);
        c.head = 0;
        c.size = 0;
        for (int i = 0; i < n; i++) c.push(in.readLong(), in.readDouble());
        return c;
    }

    private void push(long i, double v) {
        int slot = (head + size) % capacity;
        index[slot] = i;
        value[slot] = v;
        size++;
    }
}
