package dev.assay.ranking.trec;

import java.util.Arrays;

/**
 * An open-addressing map from docno to an int (a relevance level or a line number); no boxing. Each slot is
 * one long, {@code hash << 32 | (index + 1)} (0 when empty), so a probe reads one word and touches the key
 * only when the hashes match; keys and values sit in dense arrays in insertion order.
 */
final class DocnoTable {
    private long[] slots;
    private String[] keys;
    private int[] values;
    private int size;

    DocnoTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        slots = new long[capacity];
        keys = new String[Math.max(4, expected)];
        values = new int[keys.length];
    }

    /** Stores {@code value} for {@code key} unless present; returns the existing entry's index (see {@link #valueAt}), or -1 when added. */
    int putIfAbsent(String key, int value) {
        if (2 * (size + 1) > slots.length) {
            rehash(slots.length * 2);
        }
        int mask = slots.length - 1;
        int h = key.hashCode();
        int slot = mix(h) & mask;
        long e;
        while ((e = slots[slot]) != 0) {
            if ((int) (e >>> 32) == h && keys[(int) e - 1].equals(key)) {
                return (int) e - 1;
            }
            slot = (slot + 1) & mask;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        size++;
        slots[slot] = (long) h << 32 | size;
        return -1;
    }

    /** The value stored for {@code key}, or {@code absent}. */
    int get(String key, int absent) {
        int mask = slots.length - 1;
        int h = key.hashCode();
        int slot = mix(h) & mask;
        long e;
        while ((e = slots[slot]) != 0) {
            if ((int) (e >>> 32) == h && keys[(int) e - 1].equals(key)) {
                return values[(int) e - 1];
            }
            slot = (slot + 1) & mask;
        }
        return absent;
    }

    /**
     * Reads the table through once, in memory order, so that a burst of lookups that follows (a ranking's
     * docnos against one topic's judgments) finds it in the cache instead of missing on every random probe.
     * Returns a checksum of what it read, only so that the reads cannot be optimised away.
     */
    long warm() {
        long sum = 0;
        for (int i = 0; i < slots.length; i += 8) {
            sum += slots[i];
        }
        for (int i = 0; i < size; i++) {
            sum += keys[i].length() + values[i];
        }
        return sum;
    }

    /** Removes every key, keeping the capacity. */
    void clear() {
        Arrays.fill(slots, 0L);
        Arrays.fill(keys, 0, size, null);
        size = 0;
    }

    /** The value of the entry at {@code index}, as returned by {@link #putIfAbsent}. */
    int valueAt(int index) {
        return values[index];
    }

    int size() {
        return size;
    }

    private void rehash(int capacity) {
        slots = new long[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < size; i++) {
            int h = keys[i].hashCode();
            int slot = mix(h) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = (long) h << 32 | (i + 1);
        }
    }

    private static int mix(int h) {
        return h ^ (h >>> 16) * 0x45d9f3b;
    }
}
