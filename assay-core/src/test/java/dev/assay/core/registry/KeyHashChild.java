package dev.assay.core.registry;

/** Prints the buckets of 1,000 keys, for {@link KeyHashTest}'s cross-JVM check. */
public final class KeyHashChild {
    static String key(int i) {
        return "key-" + i + (i % 7 == 0 ? "-ü" : "");
    }

    public static void main(String[] args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) sb.append(KeyHash.bucket("m", key(i))).append('\n');
        System.out.print(sb);
    }
}
