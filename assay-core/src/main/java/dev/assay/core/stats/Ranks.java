package dev.assay.core.stats;

/** Mid-ranks (R's rank with ties.method = "average") and tie-group sizes, O(n log n). */
final class Ranks {
    /** Rank of each input value, 1-based, ties given the average of the ranks they span. */
    final double[] ranks;
    /** Sum over tie groups of (t^3 - t), the tie term of rank-test variances. */
    final double tieTerm;
    /** Whether any two values are equal. */
    final boolean hasTies;

    private Ranks(double[] ranks, double tieTerm, boolean hasTies) {
        this.ranks = ranks;
        this.tieTerm = tieTerm;
        this.hasTies = hasTies;
    }

    static Ranks of(double[] values) {
        int n = values.length;
        int[] order = sortedOrder(values);
        double[] ranks = new double[n];
        double tieTerm = 0.0;
        boolean ties = false;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            double t = j - i + 1;
            if (t > 1) {
                ties = true;
                tieTerm += t * t * t - t;
            }
            i = j + 1;
        }
        return new Ranks(ranks, tieTerm, ties);
    }

    /** Indices of {@code values} in ascending order of value (stable). */
    static int[] sortedOrder(double[] values) {
        int n = values.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] tmp = new int[n];
        mergeSort(values, order, tmp, 0, n);
        return order;
    }

    private static void mergeSort(double[] v, int[] a, int[] tmp, int from, int to) {
        if (to - from < 2) {
            return;
        }
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int x = a[i];
                int j = i - 1;
                while (j >= from && v[a[j]] > v[x]) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(v, a, tmp, from, mid);
        mergeSort(v, a, tmp, mid, to);
        if (v[a[mid - 1]] <= v[a[mid]]) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && v[tmp[i]] <= v[tmp[j]])) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }
}
