package dev.assay.ranking.harvest;

import java.util.Arrays;

/** Brute-force nearest neighbours by dot product (cosine on unit vectors); ties go to the lower ordinal. */
final class ExactSearch {
    private final float[][] documents;

    ExactSearch(float[][] documents) {
        this.documents = documents;
    }

    /** Ordinals of the {@code k} documents with the highest dot product with {@code query}, best first. */
    int[] topK(float[] query, int k) {
        int n = Math.min(k, documents.length);
        int[] best = new int[n];
        float[] scores = new float[n];
        int size = 0;
        for (int d = 0; d < documents.length; d++) {
            float s = dot(query, documents[d]);
            if (size < n) {
                insert(best, scores, size++, d, s);
            } else if (s > scores[n - 1]) {
                insert(best, scores, n - 1, d, s);
            }
        }
        return Arrays.copyOf(best, size);
    }

    /** Places (d, s) at or before {@code slot}, keeping descending score order (stable: earlier ordinals first). */
    private static void insert(int[] best, float[] scores, int slot, int d, float s) {
        int i = slot;
        while (i > 0 && scores[i - 1] < s) {
            best[i] = best[i - 1];
            scores[i] = scores[i - 1];
            i--;
        }
        best[i] = d;
        scores[i] = s;
    }

    static float dot(float[] a, float[] b) {
        float s = 0f;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
