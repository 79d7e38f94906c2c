package dev.assay.core.ledger;

import dev.assay.core.tlog.Merkle;
import dev.assay.core.tlog.TilePath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The ledger's RFC 9162 Merkle tree, stored as C2SP {@code tlog-tiles}: a tile of level L and
 * index N holds the hashes of the nodes of height 8L numbered 256N .. 256N+W-1. Level-0 tiles
 * (leaf hashes) are read from the entries' hashes; tiles of level 1 and up live in
 * {@code ledger_tiles}, one row per tile, rewritten while the tile is partial.
 *
 * <p>An instance is the immutable right edge of a tree of {@link #size} leaves: the partial tile
 * of every level. The writer keeps one in memory, so an append hashes its leaves, writes a
 * tile row only when a group of 256 completes one level up, and computes the new root without
 * reading anything.
 */
final class LedgerTree {
    static final int TILE_HEIGHT = 8;
    static final int TILE_WIDTH = 1 << TILE_HEIGHT;
    private static final int MAX_LEVELS = 8;

    final long size;
    /** partial.get(L): the nodes of height 8L in the incomplete tile of level L (fewer than 256). */
    private final List<List<byte[]>> partial;

    /**
     * The compact range of the tree: the roots of its largest perfect subtrees, left to right, one
     * per set bit of {@link #size} (heights descending). Grown in O(1) amortised per leaf; the root
     * folds it from the right in at most 63 hashes.
     */
    private final List<Node> edge;

    private record Node(int height, byte[] hash) {}

    private LedgerTree(long size, List<List<byte[]>> partial, List<Node> edge) {
        this.size = size;
        this.partial = partial;
        this.edge = edge;
    }

    private LedgerTree(long size, List<List<byte[]>> partial) {
        this(size, partial, edgeOf(partial));
    }

    static LedgerTree empty() {
        return new LedgerTree(0, List.of(), List.of());
    }

    /**
     * The leaf hash of an entry's hex chain hash. A stored hash that is not hex (an edited store,
     * which verification reports) is hashed as its text, so the tree can still be built.
     */
    static byte[] leafHash(String entryHash) {
        try {
            return Merkle.leafHash(Canonical.hashBytes(entryHash));
        } catch (IllegalArgumentException e) {
            return Merkle.leafHash(entryHash.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /**
     * This tree grown by {@code leaves}; the tile rows that changed, keyed (level, index), are added
     * to {@code writes} (full tiles as they complete, partial ones as they end up).
     */
    LedgerTree append(List<byte[]> leaves, Map<TileKey, byte[]> writes) {
        List<List<byte[]>> p = new ArrayList<>(MAX_LEVELS);
        for (int l = 0; l < MAX_LEVELS; l++) p.add(new ArrayList<>(l < partial.size() ? partial.get(l) : List.of()));
        boolean[] dirty = new boolean[MAX_LEVELS];
        long n = size;
        List<Node> e = new ArrayList<>(edge);
        for (byte[] leaf : leaves) {
            Node top = new Node(0, leaf);
            while (!e.isEmpty() && e.get(e.size() - 1).height() == top.height()) {
                Node left = e.remove(e.size() - 1);
                top = new Node(top.height() + 1, Merkle.nodeHash(left.hash(), top.hash()));
            }
            e.add(top);
            byte[] node = leaf;
            int level = 0;
            while (true) {
                List<byte[]> tile = p.get(level);
                tile.add(node);
                if (level > 0) dirty[level] = true;
                if (tile.size() < TILE_WIDTH) break;
                long nodesAtLevel = (n + 1) >> (TILE_HEIGHT * level);
                if (level > 0) {
                    writes.put(new TileKey(level, (nodesAtLevel - 1) >> TILE_HEIGHT), concat(tile));
                    dirty[level] = false;
                }
                node = Merkle.root(tile, TILE_WIDTH);
                p.set(level, new ArrayList<>());
                level++;
                if (level == MAX_LEVELS) throw new LedgerException("the ledger's tree is full");
            }
            n++;
        }
        for (int l = 1; l < MAX_LEVELS; l++) {
            if (dirty[l] && !p.get(l).isEmpty()) writes.put(new TileKey(l, n >> (TILE_HEIGHT * (l + 1))), concat(p.get(l)));
        }
        return new LedgerTree(n, trim(p), List.copyOf(e));
    }

    /** The root hash of this tree: the compact range folded from the right. */
    byte[] root() {
        if (size == 0) return Merkle.emptyRoot();
        byte[] root = edge.get(edge.size() - 1).hash();
        for (int i = edge.size() - 2; i >= 0; i--) root = Merkle.nodeHash(edge.get(i).hash(), root);
        return root;
    }

    /** The compact range of the tree whose partial tiles are {@code partial}. */
    private static List<Node> edgeOf(List<List<byte[]>> partial) {
        List<Node> edge = new ArrayList<>();
        for (int l = partial.size() - 1; l >= 0; l--) {
            List<byte[]> tile = partial.get(l);
            int from = 0;
            for (int bit = TILE_HEIGHT - 1; bit >= 0; bit--) {
                int span = 1 << bit;
                if ((tile.size() & span) == 0) continue;
                edge.add(new Node(TILE_HEIGHT * l + bit, Merkle.root(tile.subList(from, from + span), span)));
                from += span;
            }
        }
        return List.copyOf(edge);
    }

    /**
     * The right edge of the stored tree of {@code size} leaves, read through {@code h}: the partial
     * level-0 tile from the entries, the others from {@code ledger_tiles}. Empty when a tile the
     * tree needs is missing or short (a store written before the tree existed, or edited).
     */
    static java.util.Optional<LedgerTree> load(Handle h, long size) {
        List<List<byte[]>> p = new ArrayList<>();
        p.add(leafTile(h, size >> TILE_HEIGHT, (int) (size & (TILE_WIDTH - 1))));
        if (p.get(0).size() != (int) (size & (TILE_WIDTH - 1))) return java.util.Optional.empty();
        for (int l = 1; l < MAX_LEVELS && (size >> (TILE_HEIGHT * l)) > 0; l++) {
            int width = (int) ((size >> (TILE_HEIGHT * l)) & (TILE_WIDTH - 1));
            List<byte[]> tile = List.of();
            if (width > 0) {
                byte[] row = tileRow(h, l, size >> (TILE_HEIGHT * (l + 1)));
                if (row == null || row.length < width * Merkle.HASH_BYTES) return java.util.Optional.empty();
                tile = split(row, width);
            }
            p.add(tile);
        }
        return java.util.Optional.of(new LedgerTree(size, trim(p)));
    }

    /**
     * Builds the tree of the first {@code size} entries from their hashes, writing every tile of
     * level 1 and up: for a store whose entries predate the tree, or whose tiles do not match.
     */
    static LedgerTree rebuild(Handle h, long size) {
        LedgerTree t = empty();
        long after = 0;
        while (after < size) {
            List<String> hashes = h.createQuery("SELECT hash FROM ledger_entries WHERE seq > :after AND seq <= :size ORDER BY seq LIMIT 4096")
                    .bind("after", after).bind("size", size).mapTo(String.class).list();
            if (hashes.isEmpty()) throw new LedgerException("the ledger's entries end at " + after + ", before its head " + size);
            Map<TileKey, byte[]> writes = new LinkedHashMap<>();
            t = t.append(hashes.stream().map(LedgerTree::leafHash).toList(), writes);
            write(h, writes);
            after += hashes.size();
        }
        return t;
    }

    /** Upserts tile rows. */
    static void write(Handle h, Map<TileKey, byte[]> writes) {
        if (writes.isEmpty()) return;
        PreparedBatch upsert = h.prepareBatch("INSERT INTO ledger_tiles (level, idx, hashes) VALUES (:level, :idx, :hashes)"
                + " ON CONFLICT (level, idx) DO UPDATE SET hashes = excluded.hashes");
        for (Map.Entry<TileKey, byte[]> w : writes.entrySet()) {
            upsert.bind("level", w.getKey().level()).bind("idx", w.getKey().index()).bind("hashes", w.getValue()).add();
        }
        upsert.execute();
    }

    /** A tile's position: level and index. */
    record TileKey(int level, long index) {}

    /**
     * Subtree hashes of the stored tree, read through {@code h} (in one transaction, so that the
     * rows agree): a node of height k is computed from at most 128 nodes of one tile.
     */
    static Merkle.Hashes hashes(Handle h) {
        Map<TileKey, List<byte[]>> cache = new HashMap<>();
        return new Merkle.Hashes() {
            @Override
            public byte[] subtree(long from, long to) {
                long n = to - from;
                if (Long.bitCount(n) == 1 && from % n == 0) return node(Long.numberOfTrailingZeros(n), from / n);
                long k = Merkle.largestPowerOfTwoBelow(n);
                return Merkle.nodeHash(subtree(from, from + k), subtree(from + k, to));
            }

            private byte[] node(int height, long index) {
                int level = height / TILE_HEIGHT;
                int span = 1 << (height % TILE_HEIGHT);
                long first = index * span;
                int offset = (int) (first & (TILE_WIDTH - 1));
                List<byte[]> tile = cache.computeIfAbsent(new TileKey(level, first >> TILE_HEIGHT), k -> readTile(h, k));
                if (tile.size() < offset + span)
                    throw new LedgerException("the ledger's tree lacks tile " + level + "/" + (first >> TILE_HEIGHT)
                            + " up to " + (offset + span) + " hashes: the store was changed outside Assay");
                return Merkle.root(tile.subList(offset, offset + span), span);
            }
        };
    }

    private static List<byte[]> readTile(Handle h, TileKey k) {
        if (k.level() == 0) return leafTile(h, k.index(), TILE_WIDTH);
        byte[] row = tileRow(h, k.level(), k.index());
        return row == null ? List.of() : split(row, row.length / Merkle.HASH_BYTES);
    }

    /** Up to {@code width} leaf hashes of level-0 tile {@code index}, from the entries, stopping at a gap. */
    static List<byte[]> leafTile(Handle h, long index, int width) {
        List<byte[]> out = new ArrayList<>(width);
        for (String hash : entryHashes(h, index, width)) out.add(leafHash(hash));
        return out;
    }

    /** Up to {@code width} hex chain hashes of the entries of tile {@code index}, in seq order, stopping at a gap. */
    private static List<String> entryHashes(Handle h, long index, int width) {
        List<String> out = new ArrayList<>(width);
        if (width == 0) return out;
        long first = index * TILE_WIDTH + 1;
        h.createQuery("SELECT seq, hash FROM ledger_entries WHERE seq >= :first AND seq < :end ORDER BY seq")
                .bind("first", first).bind("end", first + width)
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .useIterator(it -> {
                    while (it.hasNext()) {
                        Object[] r = it.next();
                        if ((long) r[0] != first + out.size()) break;
                        out.add((String) r[1]);
                    }
                });
        return out;
    }

    /** The first {@code width} hashes of a tile, or null when the store lacks them. */
    static byte[] tileHashes(Handle h, int level, long index, int width) {
        if (level == 0) {
            List<byte[]> leaves = leafTile(h, index, width);
            return leaves.size() == width ? concat(leaves) : null;
        }
        byte[] row = tileRow(h, level, index);
        return row == null || row.length < width * Merkle.HASH_BYTES ? null : Arrays.copyOf(row, width * Merkle.HASH_BYTES);
    }

    /** An entry bundle: each entry's 32-byte chain hash, prefixed by its length as a big-endian uint16. */
    static byte[] entryBundle(Handle h, long index, int width) {
        List<String> hashes = entryHashes(h, index, width);
        if (hashes.size() != width)
            throw new LedgerException("the ledger lacks entry " + (index * TILE_WIDTH + hashes.size() + 1)
                    + ": the store was changed outside Assay");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(width * 34);
        for (String hash : hashes) {
            byte[] data = entryData(hash);
            out.write(data.length >> 8);
            out.write(data.length & 0xff);
            out.writeBytes(data);
        }
        return out.toByteArray();
    }

    /** The leaf data of an entry: its 32-byte chain hash (its text, for a stored hash that is not hex). */
    private static byte[] entryData(String entryHash) {
        try {
            return Canonical.hashBytes(entryHash);
        } catch (IllegalArgumentException e) {
            return entryHash.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Reads a tile of the tree being exported. */
    @FunctionalInterface
    interface TileSource {
        byte[] read(dev.assay.core.tlog.TilePath tile);
    }

    /**
     * Writes the tiles and entry bundles of the tree of {@code size} leaves under {@code dir}, then
     * {@code checkpoint} as {@code dir/checkpoint} (atomically). Full tiles already there are kept.
     */
    static long export(java.nio.file.Path dir, long size, String checkpoint, TileSource source) {
        try {
            java.nio.file.Files.createDirectories(dir);
            for (int level = TilePath.ENTRIES; level < MAX_LEVELS; level++) {
                long nodes = size >> (TILE_HEIGHT * Math.max(level, 0));
                if (nodes == 0) break;
                for (long index = 0; index * TILE_WIDTH < nodes; index++) {
                    int width = (int) Math.min(TILE_WIDTH, nodes - index * TILE_WIDTH);
                    TilePath t = new TilePath(level, index, width);
                    java.nio.file.Path file = dir.resolve(t.path());
                    if (width == TILE_WIDTH && java.nio.file.Files.exists(file)) continue;
                    java.nio.file.Files.createDirectories(file.getParent());
                    dev.assay.core.AtomicFiles.replace(file, source.read(t));
                }
            }
            dev.assay.core.AtomicFiles.replace(dir.resolve("checkpoint"), checkpoint.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return size;
        } catch (java.io.IOException e) {
            throw new dev.assay.core.InvalidInputException("cannot write tiles under " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] tileRow(Handle h, int level, long index) {
        return h.createQuery("SELECT hashes FROM ledger_tiles WHERE level = :level AND idx = :idx")
                .bind("level", level).bind("idx", index).mapTo(byte[].class).findOne().orElse(null);
    }

    private static List<byte[]> split(byte[] row, int width) {
        List<byte[]> out = new ArrayList<>(width);
        for (int i = 0; i < width; i++) out.add(Arrays.copyOfRange(row, i * Merkle.HASH_BYTES, (i + 1) * Merkle.HASH_BYTES));
        return out;
    }

    private static byte[] concat(List<byte[]> hashes) {
        byte[] out = new byte[hashes.size() * Merkle.HASH_BYTES];
        for (int i = 0; i < hashes.size(); i++) System.arraycopy(hashes.get(i), 0, out, i * Merkle.HASH_BYTES, Merkle.HASH_BYTES);
        return out;
    }

    private static List<List<byte[]>> trim(List<List<byte[]>> p) {
        int top = p.size();
        while (top > 0 && p.get(top - 1).isEmpty()) top--;
        List<List<byte[]>> out = new ArrayList<>(top);
        for (int l = 0; l < top; l++) out.add(List.copyOf(p.get(l)));
        return List.copyOf(out);
    }
}
