package dev.assay.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.core.InvalidInputException;
import dev.assay.core.store.Dialect;
import dev.assay.core.store.Store;
import dev.assay.core.tlog.Checkpoint;
import dev.assay.core.tlog.Merkle;
import dev.assay.core.tlog.NoteKey;
import dev.assay.core.tlog.TilePath;
import java.io.OutputStream;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Ledger} over a {@link Store}. One writer thread drains a queue of pending
 * appends and commits each drained group in one transaction (group commit): it locks the
 * head row, assigns consecutive seqs, applies each append's {@link TxAction} inside its
 * own savepoint, inserts the entries, signs and updates the head, commits, and only then
 * completes the callers' futures. SQLite runs with synchronous=FULL, so a completed
 * append survives a crash of the process or the machine.
 */
final class SqlLedger implements Ledger {
    static final int DEFAULT_MAX_BATCH = 2048;
    private static final Logger log = LoggerFactory.getLogger(SqlLedger.class);
    private static final Pattern KIND = Pattern.compile(KIND_PATTERN);
    private static final int MAX_SUBJECT = 512;
    private static final int MAX_PAYLOAD_CHARS = 1 << 20;
    private static final String COLUMNS = "seq, entry_time, kind, subject, payload, prev_hash, hash, key_id, signature";

    private final Store store;
    private final LedgerKeys keys;
    private final Clock clock;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(1 << 16);
    private final Thread writer;
    private final String origin;
    private final NoteKey noteKey;
    /** The tree as of the last commit of this writer; the writer reloads it when another process moved the head. */
    private LedgerTree tree;
    private LedgerTree committing;
    private volatile boolean closing;

    private record Pending(String kind, String subject, String payload, TxAction action,
                           CompletableFuture<LedgerEntry> future) {}

    private record Head(long seq, String hash, Instant time, String signature, String checkpoint) {}

    SqlLedger(Store store, LedgerKeys keys, Clock clock, int maxBatch) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!keys.canSign()) throw new IllegalArgumentException("the ledger needs a signing key, but key " + keys.keyId() + " is verify-only");
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, but was " + maxBatch);
        this.maxBatch = maxBatch;
        this.origin = keys.defaultOrigin();
        this.noteKey = keys.noteKey(origin);
        signGenesisHead();
        this.tree = syncTree();
        this.writer = Thread.ofPlatform().name("assay-ledger-writer").daemon(true).unstarted(this::runWriter);
        writer.start();
    }

    /**
     * A new ledger's head (seq 0, the genesis hash) is signed when the ledger is first opened,
     * so that verification can require a signed head always: a head with no signature is
     * then a rewind, never a fresh ledger. Ed25519 is deterministic, so two processes that
     * open the same new ledger at once write the same signature.
     */
    private void signGenesisHead() {
        Head head = store.jdbi().withHandle(SqlLedger::readHead);
        if (head.seq() != 0 || !head.signature().isEmpty()) return;
        String sig = keys.sign(Canonical.headMessage(0, Canonical.GENESIS_HASH));
        store.write(h -> h.createUpdate("UPDATE ledger_head SET signature = :sig WHERE id = 1 AND seq = 0"
                        + " AND hash = :genesis AND signature = '' AND NOT EXISTS (SELECT 1 FROM ledger_entries)")
                .bind("sig", sig).bind("genesis", Canonical.GENESIS_HASH).execute());
    }

    /**
     * Brings the stored tree and the head's checkpoint level with the entries before appends
     * start: tiles are built for entries written before the tree existed (or rebuilt when they do
     * not give the root the head's checkpoint signed), and the head gets the checkpoint of its size.
     */
    private LedgerTree syncTree() {
        return store.write(h -> {
            h.execute("UPDATE ledger_head SET seq = seq WHERE id = 1");
            Head head = readHead(h);
            LedgerTree t = LedgerTree.load(h, head.seq())
                    .filter(loaded -> signedRootMatches(head.checkpoint(), loaded))
                    .orElseGet(() -> LedgerTree.rebuild(h, head.seq()));
            String checkpoint = new Checkpoint(origin, t.size, t.root()).sign(noteKey);
            if (!checkpoint.equals(head.checkpoint()))
                h.createUpdate("UPDATE ledger_head SET checkpoint = :cp WHERE id = 1").bind("cp", checkpoint).execute();
            return t;
        });
    }

    /** False when {@code note} is a checkpoint of this ledger for the tree's size with another root. */
    private boolean signedRootMatches(String note, LedgerTree t) {
        if (note.isEmpty()) return true;
        try {
            Checkpoint c = Checkpoint.open(note, origin, List.of(noteKey));
            return c.size() != t.size || java.util.Arrays.equals(c.root(), t.root());
        } catch (InvalidInputException e) {
            return true;
        }
    }

    @Override
    public LedgerEntry append(String kind, String subject, JsonNode payload, TxAction action) {
        try {
            return appendAsync(kind, subject, payload, action).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new LedgerException("append failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public CompletableFuture<LedgerEntry> appendAsync(String kind, String subject, JsonNode payload, TxAction action) {
        validate(kind, subject);
        String canonical = Canonical.payload(payload);
        if (canonical.length() > MAX_PAYLOAD_CHARS)
            throw new InvalidInputException("ledger payload must be at most " + MAX_PAYLOAD_CHARS + " characters, but was " + canonical.length());
        if (closing) throw new LedgerException("the ledger is closed");
        Pending p = new Pending(kind, subject, canonical, action, new CompletableFuture<>());
        try {
            queue.put(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while queueing a ledger append", e);
        }
        if (closing && !writer.isAlive()) failRemaining();
        return p.future();
    }

    private static void validate(String kind, String subject) {
        if (kind == null || !KIND.matcher(kind).matches())
            throw new InvalidInputException("ledger kind must match " + KIND_PATTERN + ", but was " + kind);
        if (subject == null || subject.isBlank())
            throw new InvalidInputException("ledger subject must not be blank");
        if (subject.length() > MAX_SUBJECT)
            throw new InvalidInputException("ledger subject must be at most " + MAX_SUBJECT + " characters, but was " + subject.length());
    }

    private void runWriter() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            Pending first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closing) break;
                continue;
            }
            if (first == null) {
                if (closing && queue.isEmpty()) break;
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Pending> batch) {
        List<RuntimeException> actionFailures = new ArrayList<>(batch.size());
        List<LedgerEntry> written;
        try {
            written = store.jdbi().inTransaction(h -> writeBatch(h, batch, actionFailures));
            if (committing != null) tree = committing;
        } catch (RuntimeException | Error e) {
            log.error("ledger group commit of {} entries failed", batch.size(), e);
            LedgerException failure = new LedgerException("ledger commit failed: " + e.getMessage(), e);
            for (Pending p : batch) p.future().completeExceptionally(failure);
            return;
        }
        int w = 0;
        for (int i = 0; i < batch.size(); i++) {
            RuntimeException failed = actionFailures.get(i);
            if (failed != null) batch.get(i).future().completeExceptionally(failed);
            else batch.get(i).future().complete(written.get(w++));
        }
    }

    private List<LedgerEntry> writeBatch(Handle h, List<Pending> batch, List<RuntimeException> actionFailures) {
        actionFailures.clear();
        committing = null;
        h.execute("UPDATE ledger_head SET seq = seq WHERE id = 1");
        Head head = readHead(h);
        long seq = head.seq();
        String prev = head.hash();
        Instant lastTime = head.time();
        List<LedgerEntry> out = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (p.action() != null) {
                h.savepoint("assay_append");
                try {
                    p.action().apply(h);
                    h.release("assay_append");
                } catch (RuntimeException e) {
                    h.rollbackToSavepoint("assay_append");
                    actionFailures.add(e);
                    continue;
                }
            }
            actionFailures.add(null);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Instant t = now.isBefore(lastTime) ? lastTime : now;
            seq++;
            String hash = Canonical.entryHash(seq, t.toString(), p.kind(), p.subject(), p.payload(), prev, keys.keyId());
            String sig = keys.sign(Canonical.hashBytes(hash));
            out.add(new LedgerEntry(seq, t, p.kind(), p.subject(), p.payload(), prev, hash, keys.keyId(), sig));
            prev = hash;
            lastTime = t;
        }
        if (out.isEmpty()) return out;
        PreparedBatch insert = h.prepareBatch("INSERT INTO ledger_entries (" + COLUMNS + ") VALUES "
                + "(:seq, :time, :kind, :subject, :payload, :prevHash, :hash, :keyId, :signature)");
        for (LedgerEntry e : out) {
            insert.bind("seq", e.seq()).bind("time", e.time().toString()).bind("kind", e.kind())
                    .bind("subject", e.subject()).bind("payload", e.payload()).bind("prevHash", e.prevHash())
                    .bind("hash", e.hash()).bind("keyId", e.keyId()).bind("signature", e.signature()).add();
        }
        insert.execute();
        LedgerTree base = tree.size == head.seq() ? tree
                : LedgerTree.load(h, head.seq()).orElseGet(() -> LedgerTree.rebuild(h, head.seq()));
        Map<LedgerTree.TileKey, byte[]> tiles = new LinkedHashMap<>();
        LedgerTree grown = base.append(out.stream().map(e -> LedgerTree.leafHash(e.hash())).toList(), tiles);
        LedgerTree.write(h, tiles);
        LedgerEntry last = out.get(out.size() - 1);
        h.createUpdate("UPDATE ledger_head SET seq = :seq, hash = :hash, entry_time = :time, signature = :sig,"
                        + " checkpoint = :cp WHERE id = 1")
                .bind("seq", last.seq()).bind("hash", last.hash()).bind("time", last.time().toString())
                .bind("sig", keys.sign(Canonical.headMessage(last.seq(), last.hash())))
                .bind("cp", new Checkpoint(origin, grown.size, grown.root()).sign(noteKey))
                .execute();
        committing = grown;
        return out;
    }

    private static Head readHead(Handle h) {
        return h.createQuery("SELECT seq, hash, entry_time, signature, checkpoint FROM ledger_head WHERE id = 1")
                .map((rs, ctx) -> new Head(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3)), rs.getString(4),
                        rs.getString(5)))
                .one();
    }

    @Override
    public List<LedgerEntry> page(long afterSeq, int limit) {
        if (limit < 1 || limit > 10_000) throw new InvalidInputException("page limit must be in 1..10000, but was " + limit);
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM ledger_entries WHERE seq > :after ORDER BY seq LIMIT :limit")
                .bind("after", afterSeq).bind("limit", limit)
                .map((rs, ctx) -> row(rs)).list());
    }

    @Override
    public Optional<LedgerEntry> get(long seq) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ledger_entries WHERE seq = :seq")
                .bind("seq", seq).map((rs, ctx) -> row(rs)).findOne());
    }

    @Override
    public List<LedgerEntry> search(LedgerQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM ledger_entries WHERE 1 = 1");
        if (q.beforeSeq() > 0) sql.append(" AND seq < :before");
        if (q.kind() != null) sql.append(" AND kind LIKE :kind ESCAPE '!'");
        if (q.subjectPrefix() != null) sql.append(" AND subject LIKE :subject ESCAPE '!'");
        if (q.text() != null)
            sql.append(" AND (LOWER(kind) LIKE :text ESCAPE '!' OR LOWER(subject) LIKE :text ESCAPE '!'"
                    + " OR LOWER(payload) LIKE :text ESCAPE '!')");
        sql.append(" ORDER BY seq DESC LIMIT :limit");
        return store.jdbi().withHandle(h -> {
            var query = h.createQuery(sql.toString()).bind("limit", q.limit());
            if (q.beforeSeq() > 0) query.bind("before", q.beforeSeq());
            if (q.kind() != null) query.bind("kind", likeEscape(q.kind()).replace("*", "%"));
            if (q.subjectPrefix() != null) query.bind("subject", likeEscape(q.subjectPrefix()) + "%");
            if (q.text() != null) query.bind("text", "%" + likeEscape(q.text().toLowerCase(java.util.Locale.ROOT)) + "%");
            return query.map((rs, ctx) -> row(rs)).list();
        });
    }

    /** {@code s} with LIKE's wildcards and the escape character escaped by '!'. */
    static String likeEscape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    @Override
    public Optional<EntryCheck> check(long seq) {
        if (seq < 1) return Optional.empty();
        return store.jdbi().inTransaction(h -> {
            List<LedgerEntry> around = h.createQuery("SELECT " + COLUMNS
                            + " FROM ledger_entries WHERE seq BETWEEN :from AND :to ORDER BY seq")
                    .bind("from", seq - 1).bind("to", seq + 1).map((rs, ctx) -> row(rs)).list();
            LedgerEntry e = around.stream().filter(x -> x.seq() == seq).findFirst().orElse(null);
            if (e == null) return Optional.<EntryCheck>empty();
            LedgerEntry prev = around.stream().filter(x -> x.seq() == seq - 1).findFirst().orElse(null);
            LedgerEntry next = around.stream().filter(x -> x.seq() == seq + 1).findFirst().orElse(null);
            Head head = readHead(h);
            return Optional.of(LedgerVerifier.checkOne(keys, e, prev, next, head.seq(), head.hash()));
        });
    }

    @Override
    public long treeSize() {
        return headSeq();
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public String checkpoint() {
        return store.jdbi().withHandle(h -> readHead(h).checkpoint());
    }

    @Override
    public byte[] treeRoot(long size) {
        return store.jdbi().inTransaction(h -> Merkle.root(LedgerTree.hashes(h), requireSize(h, size, "size")));
    }

    @Override
    public List<byte[]> inclusionProof(long seq, long size) {
        return store.jdbi().inTransaction(h -> {
            requireSize(h, size, "size");
            if (seq < 1 || seq > size) throw new InvalidInputException("entry " + seq + " is not in a tree of size " + size);
            return Merkle.inclusionProof(LedgerTree.hashes(h), seq - 1, size);
        });
    }

    @Override
    public List<byte[]> consistencyProof(long size1, long size2) {
        return store.jdbi().inTransaction(h -> {
            requireSize(h, size2, "size2");
            if (size1 < 1 || size1 > size2) throw new InvalidInputException("size1 must be in 1.." + size2 + ", but was " + size1);
            return Merkle.consistencyProof(LedgerTree.hashes(h), size1, size2);
        });
    }

    @Override
    public byte[] tile(TilePath tile) {
        return store.jdbi().inTransaction(h -> tile(h, tile, readHead(h).seq()));
    }

    private static byte[] tile(Handle h, TilePath tile, long size) {
        int level = Math.max(tile.level(), 0);
        long nodes = level * LedgerTree.TILE_HEIGHT >= 63 ? 0 : size >> (level * LedgerTree.TILE_HEIGHT);
        if (tile.index() > nodes / LedgerTree.TILE_WIDTH || tile.index() * LedgerTree.TILE_WIDTH + tile.width() > nodes)
            throw new dev.assay.core.NotFoundException(tile.path() + " is beyond the ledger's tree of size " + size);
        if (tile.level() == TilePath.ENTRIES) return LedgerTree.entryBundle(h, tile.index(), tile.width());
        byte[] hashes = LedgerTree.tileHashes(h, tile.level(), tile.index(), tile.width());
        if (hashes == null)
            throw new LedgerException("the ledger's tree lacks " + tile.path() + ": the store was changed outside Assay");
        return hashes;
    }

    @Override
    public long exportTiles(java.nio.file.Path dir) {
        return store.jdbi().inTransaction(h -> {
            Head head = readHead(h);
            return LedgerTree.export(dir, head.seq(), head.checkpoint(), t -> tile(h, t, head.seq()));
        });
    }

    private static long requireSize(Handle h, long size, String name) {
        long n = readHead(h).seq();
        if (size < 0 || size > n) throw new InvalidInputException(name + " must be in 0.." + n + " (the ledger's size), but was " + size);
        return size;
    }

    @Override
    public long headSeq() {
        return store.jdbi().withHandle(h -> readHead(h).seq());
    }

    @Override
    public VerifyReport verify(VerifyMode mode, LedgerKeys trusted) {
        return verifyStored(store, mode, trusted);
    }

    /** Verification that only reads: it never signs or writes anything, whatever it finds. */
    static VerifyReport verifyStored(Store store, VerifyMode mode, LedgerKeys trusted) {
        return readConsistently(store, (head, entries) -> {
            LedgerVerifier v = new LedgerVerifier(trusted, mode, head.seq());
            entries.accept(v::accept);
            return v.finish(head.hash(), head.signature(), head.checkpoint());
        });
    }

    @Override
    public void export(OutputStream out) {
        readConsistently(store, (head, entries) -> {
            LedgerExport.write(out, keys, head.seq(), head.hash(), head.signature(), head.checkpoint(), entries);
            return null;
        });
    }

    @Override
    public void export(Writer out) {
        readConsistently(store, (head, entries) -> {
            LedgerExport.write(out, keys, head.seq(), head.hash(), head.signature(), head.checkpoint(), entries);
            return null;
        });
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(Head head, Consumer<java.util.function.Predicate<LedgerEntry>> entries);
    }

    /** Reads the head and then streams every entry in ascending seq within one snapshot. */
    private static <T> T readConsistently(Store store, Reader<T> reader) {
        TransactionIsolationLevel level = store.dialect() == Dialect.POSTGRESQL
                ? TransactionIsolationLevel.REPEATABLE_READ : TransactionIsolationLevel.SERIALIZABLE;
        return store.jdbi().inTransaction(level, h -> {
            Head head = readHead(h);
            return reader.read(head, sink -> h.createQuery("SELECT " + COLUMNS + " FROM ledger_entries ORDER BY seq")
                    .setFetchSize(4096)
                    .map((rs, ctx) -> row(rs))
                    .useIterator(it -> {
                        while (it.hasNext()) if (!sink.test(it.next())) break;
                    }));
        });
    }

    private static LedgerEntry row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new LedgerEntry(rs.getLong(1), parseTime(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }

    /** An unparseable stored time reads as the epoch; it then cannot match the entry's hash, so verify reports EDITED. */
    static Instant parseTime(String s) {
        try {
            return Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    @Override
    public LedgerKeys keys() {
        return keys;
    }

    @Override
    public boolean isOpen() {
        return !closing && writer.isAlive();
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failRemaining();
    }

    private void failRemaining() {
        Pending p;
        while ((p = queue.poll()) != null) p.future().completeExceptionally(new LedgerException("the ledger is closed"));
    }
}
