package dev.assay.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.core.store.Store;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The append-only, hash-chained, Ed25519-signed record of every decision Assay makes.
 * Appends from many threads are group-committed: they share one database transaction,
 * and each returns only after its entry is durable.
 */
public interface Ledger extends AutoCloseable {
    /** Kind names: lower-case letters, digits, dots, dashes and underscores, at most 128 characters. */
    String KIND_PATTERN = "[a-z0-9][a-z0-9._-]{0,127}";

    /** Opens the ledger in {@code store}, signing with {@code keys}, timestamping with {@code clock}. */
    static Ledger open(Store store, LedgerKeys keys, Clock clock) {
        return new SqlLedger(store, keys, clock, SqlLedger.DEFAULT_MAX_BATCH);
    }

    /** Appends an entry; returns once it is durable. */
    default LedgerEntry append(String kind, String subject, JsonNode payload) {
        return append(kind, subject, payload, null);
    }

    /**
     * Appends an entry and applies {@code action} in the same transaction; returns once both
     * are durable. If {@code action} throws, nothing is stored and the exception is rethrown.
     */
    LedgerEntry append(String kind, String subject, JsonNode payload, TxAction action);

    /** As {@link #append(String, String, JsonNode, TxAction)}, completing when durable. */
    CompletableFuture<LedgerEntry> appendAsync(String kind, String subject, JsonNode payload, TxAction action);

    /** Up to {@code limit} entries with seq greater than {@code afterSeq}, ascending. */
    List<LedgerEntry> page(long afterSeq, int limit);

    Optional<LedgerEntry> get(long seq);

    /** Entries newest first, filtered as {@code query} says (see {@link LedgerQuery}). */
    List<LedgerEntry> search(LedgerQuery query);

    /**
     * Verifies entry {@code seq} in place against this ledger's key: its hash, signature and its
     * links to its neighbours (see {@link EntryCheck}); empty when no entry has that seq.
     */
    Optional<EntryCheck> check(long seq);

    /** The seq of the newest entry, 0 when empty. */
    long headSeq();

    /**
     * The origin line of this ledger's checkpoints (C2SP {@code tlog-checkpoint}), which names the
     * log: by default {@link LedgerKeys#defaultOrigin()}.
     */
    default String origin() {
        return keys().defaultOrigin();
    }

    /** The key that verifies this ledger's checkpoints, as a C2SP note verifier key. */
    default dev.assay.core.tlog.NoteKey checkpointKey() {
        return keys().noteKey(origin()).verifierOnly();
    }

    /**
     * The number of entries the ledger's Merkle tree (RFC 9162) covers: leaf {@code i} is entry
     * {@code i + 1}, its leaf hash {@link #leafHash}. Equal to {@link #headSeq()}.
     */
    long treeSize();

    /**
     * The newest checkpoint: a C2SP {@code tlog-checkpoint} (origin, tree size, base64 root) as a
     * signed note, signed by {@link #checkpointKey()}.
     */
    String checkpoint();

    /** The Merkle tree hash of the first {@code size} entries ({@code 0 <= size <= treeSize()}). */
    byte[] treeRoot(long size);

    /** The RFC 9162 inclusion proof of entry {@code seq} in the tree of the first {@code size} entries. */
    List<byte[]> inclusionProof(long seq, long size);

    /** The RFC 9162 consistency proof of the tree of {@code size1} entries with the tree of {@code size2}. */
    List<byte[]> consistencyProof(long size1, long size2);

    /**
     * A C2SP {@code tlog-tiles} resource of the current tree: a tile of Merkle hashes (the
     * {@code width} first nodes of height 8L in tile {@code index}, 32 bytes each) or, for
     * {@link dev.assay.core.tlog.TilePath#ENTRIES}, an entry bundle (each entry's 32-byte chain
     * hash with a big-endian uint16 length). {@link dev.assay.core.NotFoundException} when the
     * tree does not reach that far.
     */
    byte[] tile(dev.assay.core.tlog.TilePath tile);

    /**
     * Writes the newest checkpoint and every tile and entry bundle of its tree under {@code dir}
     * in the C2SP {@code tlog-tiles} layout, so that any client of those specs can audit the
     * ledger from static files. Full tiles already present are kept (they never change); the
     * checkpoint is written last, atomically. Returns the checkpoint's tree size.
     */
    long exportTiles(java.nio.file.Path dir);

    /**
     * Whether {@code entry}'s content (seq, time, kind, subject, payload, previous hash and key id)
     * recomputes to its hash: false for an entry edited after it was hashed.
     */
    static boolean contentMatchesHash(LedgerEntry entry) {
        return Canonical.entryHash(entry).equals(entry.hash());
    }

    /**
     * The Merkle leaf hash of {@code entry}, {@code SHA-256(0x00 || h)} where {@code h} is the
     * entry's 32-byte chain hash, which commits to everything in the entry and to its predecessor.
     */
    static byte[] leafHash(LedgerEntry entry) {
        return LedgerTree.leafHash(entry.hash());
    }

    /** Verifies the whole stored ledger against this ledger's own public key. */
    default VerifyReport verify(VerifyMode mode) {
        return verify(mode, keys());
    }

    /** Verifies the whole stored ledger against a trusted key (e.g. one an auditor holds). */
    VerifyReport verify(VerifyMode mode, LedgerKeys trusted);

    /**
     * Writes an export for auditors: one JSON line with the format, public key and signed
     * head, then one JSON line per entry.
     */
    void export(OutputStream out);

    /** As {@link #export(OutputStream)}, as text to {@code out} (flushed, left open). */
    void export(Writer out);

    /**
     * Verifies the ledger stored in {@code store} against a trusted key without opening it for
     * appends: nothing is signed or written, so a wiped ledger cannot be re-initialised by the
     * act of checking it. This is what {@code assay ledger verify} runs.
     */
    static VerifyReport verifyStored(Store store, LedgerKeys trusted, VerifyMode mode) {
        return SqlLedger.verifyStored(store, mode, trusted);
    }

    /** Verifies an export written by {@link #export} against a trusted key. */
    static VerifyReport verifyExport(InputStream in, LedgerKeys trusted, VerifyMode mode) {
        return LedgerExport.verify(in, trusted, mode);
    }

    LedgerKeys keys();

    /** True while the writer accepts appends. */
    boolean isOpen();

    /** Stops accepting appends, commits those already accepted, then returns. */
    @Override
    void close();
}
