package dev.assay.ranking.trec;

/** An open-addressing map from docno to an int (a relevance level or a position); no boxing. */
final class DocnoTable {
    private String[] keys;
    private int[] hashes;
    private int[] values;
    private int size;

    DocnoTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new String[capacity];
        hashes = new int[capacity];
        values = new int[capacity];
    }

    /** Stores {@code value} for {@code key} unless present; returns the existing value's slot index, or -1 when added. */
    int putIfAbsent(String key, int value) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int h = key.hashCode();
        int slot = mix(h) & mask;
        while (keys[slot] != null) {
            if (hashes[slot] == h && keys[slot].equals(key)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        hashes[slot] = h;
        values[slot] = value;
        size++;
        return -1;
    }

    /** The value stored for {@code key}, or {@code absent}. */
    int get(String key, int absent) {
        int mask = keys.length - 1;
        int h = key.hashCode();
        int slot = mix(h) & mask;
        while (keys[slot] != null) {
            if (hashes[slot] == h && keys[slot].equals(key)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return absent;
    }

    /** Removes every key, keeping the capacity. */
    void clear() {
        java.util.Arrays.fill(keys, null);
        size = 0;
    }

    int valueAt(int slot) {
        return values[slot];
    }

    int size() {
        return size;
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldHashes = hashes;
        int[] oldValues = values;
        keys = new String[oldKeys.length * 2];
        hashes = new int[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = mix(oldHashes[i]) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                hashes[slot] = oldHashes[i];
                values[slot] = oldValues[i];
            }
        }
    }

    private static int mix(int h) {
        return h ^ (h >>> 16) * 0x45d9f3b;
    }
}
