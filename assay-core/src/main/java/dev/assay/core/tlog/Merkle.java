package dev.assay.core.tlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0, section 2.1) over SHA-256: leaf hash
 * {@code SHA-256(0x00 || data)}, node hash {@code SHA-256(0x01 || left || right)}, the tree of
 * any size n split at the largest power of two below n. It computes roots and proofs from the
 * leaf hashes ({@code MTH}, {@code PATH}, {@code PROOF}), the reference a stored tree must agree
 * with, and verifies inclusion and consistency proofs from hashes alone, as an auditor does
 * offline (sections 2.1.3.2 and 2.1.4.2).
 */
public final class Merkle {
    /** Bytes in a hash. */
    public static final int HASH_BYTES = 32;
    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private Merkle() {
    }

    /** {@code SHA-256(0x00 || data)}. */
    public static byte[] leafHash(byte[] data) {
        MessageDigest d = sha256();
        d.update(LEAF);
        d.update(data);
        return d.digest();
    }

    /** {@code SHA-256(0x01 || left || right)}. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update(NODE);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** The root of the empty tree, {@code SHA-256()}. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /**
     * Hashes of a tree's leaves and complete subtrees, as a proof needs them: {@link #subtree}
     * is {@code MTH} of the leaves in {@code [from, to)}, asked for only where RFC 9162's
     * recursion splits (the left part of a split always a complete, aligned subtree).
     */
    public interface Hashes {
        /** {@code MTH(D[from:to])}, {@code 0 <= from < to}. */
        byte[] subtree(long from, long to);
    }

    /** The tree over {@code leaves} (leaf hashes) held in memory. */
    public static Hashes of(List<byte[]> leaves) {
        Objects.requireNonNull(leaves, "leaves");
        return new Hashes() {
            @Override
            public byte[] subtree(long from, long to) {
                if (from < 0 || to > leaves.size() || from >= to)
                    throw new IllegalArgumentException("no subtree [" + from + ", " + to + ") of " + leaves.size() + " leaves");
                if (to - from == 1) return leaves.get((int) from);
                long k = largestPowerOfTwoBelow(to - from);
                return nodeHash(subtree(from, from + k), subtree(from + k, to));
            }
        };
    }

    /** {@code MTH(D[0:n])} over the first {@code n} of {@code leaves} (leaf hashes). */
    public static byte[] root(List<byte[]> leaves, int n) {
        checkSize(leaves, n);
        return root(of(leaves), n);
    }

    /** {@code MTH(D[0:n])} of {@code tree}. */
    public static byte[] root(Hashes tree, long n) {
        if (n < 0) throw new IllegalArgumentException("size " + n + " is negative");
        return n == 0 ? emptyRoot() : tree.subtree(0, n);
    }

    /** {@code PATH(m, D[0:n])}: the inclusion proof of leaf {@code m} in the tree of the first {@code n} leaves. */
    public static List<byte[]> inclusionProof(List<byte[]> leaves, int m, int n) {
        checkSize(leaves, n);
        return inclusionProof(of(leaves), m, n);
    }

    /** {@code PATH(m, D[0:n])} of {@code tree}. */
    public static List<byte[]> inclusionProof(Hashes tree, long m, long n) {
        if (m < 0 || m >= n) throw new IllegalArgumentException("leaf " + m + " is not in a tree of size " + n);
        List<byte[]> out = new ArrayList<>();
        path(tree, m, 0, n, out);
        return out;
    }

    /**
     * {@code PROOF(m, D[0:n])}: the consistency proof of the tree of size {@code m} with that of size {@code n}
     * (empty when m is 0 or n: nothing to prove, see {@link #verifyConsistency}).
     */
    public static List<byte[]> consistencyProof(List<byte[]> leaves, int m, int n) {
        checkSize(leaves, n);
        return consistencyProof(of(leaves), m, n);
    }

    /** {@code PROOF(m, D[0:n])} of {@code tree}. */
    public static List<byte[]> consistencyProof(Hashes tree, long m, long n) {
        if (m < 0 || m > n) throw new IllegalArgumentException("size " + m + " is not in 0.." + n);
        List<byte[]> out = new ArrayList<>();
        if (m > 0 && m < n) subproof(tree, m, 0, n, true, out);
        return out;
    }

    /**
     * Verifies that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves with
     * {@code root}; throws {@link InvalidProofException} saying why not.
     */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        Objects.requireNonNull(proof, "proof");
        if (size < 1 || index < 0 || index >= size)
            throw new InvalidProofException("leaf " + index + " cannot be in a tree of size " + size);
        checkHashes(leafHash, root, proof);
        byte[] r = rootFromInclusion(index, size, leafHash, proof);
        if (!Arrays.equals(r, root))
            throw new InvalidProofException("the inclusion proof of leaf " + index + " in a tree of size " + size
                    + " leads to root " + hex(r) + ", not " + hex(root));
    }

    /**
     * Verifies that the tree of {@code size1} leaves with {@code root1} is a prefix of the tree of
     * {@code size2} leaves with {@code root2}; throws {@link InvalidProofException} saying why not.
     */
    public static void verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        Objects.requireNonNull(proof, "proof");
        if (size1 < 0 || size2 < size1)
            throw new InvalidProofException("a tree of size " + size2 + " cannot extend one of size " + size1);
        if (size1 == 0)
            throw new InvalidProofException("a consistency proof from the empty tree proves nothing (RFC 9162 defines none)");
        if (size1 == size2) {
            if (!proof.isEmpty()) throw new InvalidProofException("trees of equal size " + size1 + " take an empty proof, not "
                    + proof.size() + " hashes");
            if (!Arrays.equals(root1, root2))
                throw new InvalidProofException("two trees of size " + size1 + " have different roots: the log forked");
            return;
        }
        checkHashes(root1, root2, proof);
        if (proof.isEmpty()) throw new InvalidProofException("the consistency proof of sizes " + size1 + " and " + size2 + " is empty");
        List<byte[]> c = new ArrayList<>(proof);
        if (Long.bitCount(size1) == 1) c.add(0, root1);
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = c.get(0);
        byte[] sr = c.get(0);
        for (int i = 1; i < c.size(); i++) {
            if (sn == 0) throw new InvalidProofException("the consistency proof of sizes " + size1 + " and " + size2
                    + " has " + (c.size() - i) + " hashes too many");
            byte[] h = c.get(i);
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(h, fr);
                sr = nodeHash(h, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, h);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) throw new InvalidProofException("the consistency proof of sizes " + size1 + " and " + size2
                + " is too short");
        if (!Arrays.equals(fr, root1))
            throw new InvalidProofException("the consistency proof does not lead to the root of size " + size1 + " (" + hex(root1)
                    + "): the log was rewritten or forked before entry " + size1);
        if (!Arrays.equals(sr, root2))
            throw new InvalidProofException("the consistency proof does not lead to the root of size " + size2 + " (" + hex(root2) + ")");
    }

    /** True when {@link #verifyInclusion} accepts. */
    public static boolean includes(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        try {
            verifyInclusion(index, size, leafHash, proof, root);
            return true;
        } catch (InvalidProofException e) {
            return false;
        }
    }

    /** True when {@link #verifyConsistency} accepts. */
    public static boolean consistent(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        try {
            verifyConsistency(size1, size2, root1, root2, proof);
            return true;
        } catch (InvalidProofException e) {
            return false;
        }
    }

    private static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> proof) {
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (int i = 0; i < proof.size(); i++) {
            if (sn == 0) throw new InvalidProofException("the inclusion proof of leaf " + index + " in a tree of size " + size
                    + " has " + (proof.size() - i) + " hashes too many");
            byte[] p = proof.get(i);
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) throw new InvalidProofException("the inclusion proof of leaf " + index + " in a tree of size " + size
                + " is too short");
        return r;
    }

    private static void path(Hashes tree, long m, long from, long to, List<byte[]> out) {
        long n = to - from;
        if (n == 1) return;
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(tree, m, from, from + k, out);
            out.add(tree.subtree(from + k, to));
        } else {
            path(tree, m - k, from + k, to, out);
            out.add(tree.subtree(from, from + k));
        }
    }

    private static void subproof(Hashes tree, long m, long from, long to, boolean whole, List<byte[]> out) {
        long n = to - from;
        if (m == n) {
            if (!whole) out.add(tree.subtree(from, to));
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(tree, m, from, from + k, whole, out);
            out.add(tree.subtree(from + k, to));
        } else {
            subproof(tree, m - k, from + k, to, false, out);
            out.add(tree.subtree(from, from + k));
        }
    }

    /** The largest power of two strictly below {@code n} (n >= 2). */
    public static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void checkSize(List<byte[]> leaves, int n) {
        Objects.requireNonNull(leaves, "leaves");
        if (n < 0 || n > leaves.size()) throw new IllegalArgumentException("size " + n + " is not in 0.." + leaves.size());
    }

    private static void checkHashes(byte[] a, byte[] b, List<byte[]> proof) {
        if (a == null || a.length != HASH_BYTES || b == null || b.length != HASH_BYTES)
            throw new InvalidProofException("a hash must have " + HASH_BYTES + " bytes");
        for (int i = 0; i < proof.size(); i++) {
            byte[] h = proof.get(i);
            if (h == null || h.length != HASH_BYTES)
                throw new InvalidProofException("proof hash " + i + " has " + (h == null ? 0 : h.length) + " bytes, not " + HASH_BYTES);
        }
    }

    static String hex(byte[] h) {
        return HexFormat.of().formatHex(h);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
