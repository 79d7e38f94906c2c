package dev.assay.core.ledger;

import dev.assay.core.InvalidInputException;
import dev.assay.core.store.Store;
import dev.assay.core.tlog.Checkpoint;
import dev.assay.core.tlog.Cosignature;
import dev.assay.core.tlog.CosignerKey;
import dev.assay.core.tlog.WitnessClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Collects cosignatures of the ledger's checkpoints from witnesses (C2SP {@code tlog-witness}):
 * each round submits the newest checkpoint to every witness with a consistency proof from the
 * size that witness last cosigned (kept in {@code ledger_witnesses}), checks each cosignature
 * against the witness's key, and keeps it. {@link #cosignedCheckpoint()} is the newest checkpoint
 * with the lines of every witness that cosigned it.
 */
public final class LedgerWitnesses {
    private final Store store;
    private final Ledger ledger;
    private final List<Endpoint> witnesses;
    private final java.util.Map<Endpoint, WitnessClient> clients = new java.util.HashMap<>();
    private final Clock clock;

    /** A witness: its cosigner verifier key and its submission prefix (where {@code add-checkpoint} lives). */
    public record Endpoint(CosignerKey key, URI url) {
        public Endpoint {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(url, "url");
            if (key.canSign()) throw new InvalidInputException("a witness is configured by its verifier key, not its signer key");
        }

        /**
         * Reads {@code VKEY=URL}: the witness's C2SP verifier key (type 0x04), then {@code =} and its
         * http:// or https:// submission prefix.
         */
        public static Endpoint parse(String text) {
            int at = text == null ? -1 : Math.max(text.indexOf("=http://"), text.indexOf("=https://"));
            if (at < 0) throw new InvalidInputException("a witness is VKEY=URL (its verifier key, '=', its http:// or https:// address),"
                    + " but was '" + text + "'");
            URI url;
            try {
                url = URI.create(text.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("the witness address '" + text.substring(at + 1) + "' is not a URL");
            }
            if (url.getHost() == null) throw new InvalidInputException("the witness address '" + url + "' has no host");
            return new Endpoint(CosignerKey.parseVerifier(text.substring(0, at)), url);
        }
    }

    /** What one witness answered in a round. */
    public record Attempt(String witness, long size, boolean cosigned, String detail) {}

    public LedgerWitnesses(Store store, Ledger ledger, List<Endpoint> witnesses, Duration timeout, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.witnesses = List.copyOf(witnesses);
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(timeout, "timeout");
        if (witnesses.stream().map(w -> w.key().verifierKey()).distinct().count() != witnesses.size())
            throw new InvalidInputException("a witness key is configured twice");
        for (Endpoint w : this.witnesses) clients.put(w, WitnessClient.create(w.url(), timeout));
    }

    public List<Endpoint> witnesses() {
        return witnesses;
    }

    /** The ledger whose checkpoints are witnessed. */
    public Ledger ledger() {
        return ledger;
    }

    /** Submits the newest checkpoint to every witness not already holding it; one attempt per witness. */
    public List<Attempt> collect() {
        String note = ledger.checkpoint();
        Checkpoint now = Checkpoint.parse(body(note));
        List<Attempt> out = new ArrayList<>();
        if (now.size() == 0) return out;
        for (Endpoint w : witnesses) {
            String name = w.key().name();
            Optional<Row> last = row(w.key().verifierKey());
            if (last.isPresent() && last.get().size() == now.size() && last.get().checkpoint().equals(note)) {
                out.add(new Attempt(name, now.size(), true, "already cosigned"));
                continue;
            }
            long known = last.map(Row::size).filter(s -> s <= now.size()).orElse(0L);
            WitnessClient.Result r = clients.get(w)
                    .submit(note, known, from -> ledger.consistencyProof(from, now.size()));
            out.add(switch (r) {
                case WitnessClient.Result.Cosigned c -> keep(w, now, note, c.lines());
                case WitnessClient.Result.Conflict c -> new Attempt(name, now.size(), false,
                        "the witness holds a checkpoint of size " + c.witnessSize() + ", beyond this ledger's " + now.size()
                                + ": the ledger was rewound, or the witness follows another log of the same origin");
                case WitnessClient.Result.BadProof b -> new Attempt(name, now.size(), false, "the witness refused the consistency proof: "
                        + b.message());
                case WitnessClient.Result.Refused f -> new Attempt(name, now.size(), false, "the witness refused (HTTP " + f.status()
                        + "): " + f.message());
                case WitnessClient.Result.Unreachable u -> new Attempt(name, now.size(), false, u.reason());
            });
        }
        return out;
    }

    private Attempt keep(Endpoint w, Checkpoint now, String note, List<String> lines) {
        List<String> valid = new ArrayList<>();
        for (String line : lines) {
            try {
                Cosignature.verify(body(note), line.endsWith("\n") ? line.substring(0, line.length() - 1) : line, w.key());
                valid.add(line.endsWith("\n") ? line : line + "\n");
            } catch (InvalidInputException e) {
                // a line by another key, or a bad one: not kept
            }
        }
        if (valid.isEmpty())
            return new Attempt(w.key().name(), now.size(), false, "the witness answered without a valid cosignature by its key");
        store.write(h -> h.createUpdate("INSERT INTO ledger_witnesses (witness, size, checkpoint, cosignature, updated_at)"
                        + " VALUES (:w, :size, :cp, :cosig, :at) ON CONFLICT (witness) DO UPDATE SET size = excluded.size,"
                        + " checkpoint = excluded.checkpoint, cosignature = excluded.cosignature, updated_at = excluded.updated_at")
                .bind("w", w.key().verifierKey()).bind("size", now.size()).bind("cp", note)
                .bind("cosig", String.join("", valid)).bind("at", clock.instant().toString()).execute());
        return new Attempt(w.key().name(), now.size(), true, "cosigned");
    }

    /**
     * The newest checkpoint any configured witness cosigned, with the cosignature lines of every
     * configured witness that cosigned that same checkpoint appended to its signatures.
     */
    public Optional<String> cosignedCheckpoint() {
        List<Row> rows = new ArrayList<>();
        for (Endpoint w : witnesses) row(w.key().verifierKey()).ifPresent(rows::add);
        return combine(rows);
    }

    /**
     * The newest checkpoint any witness cosigned, as kept in {@code store} by whichever process
     * collected it, with the lines of every witness that cosigned that same checkpoint: for
     * commands that do not know the witnesses' addresses.
     */
    public static Optional<String> newestCosigned(Store store) {
        return combine(store.jdbi().withHandle(h -> h.createQuery("SELECT size, checkpoint, cosignature FROM ledger_witnesses")
                .map((rs, ctx) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3))).list()));
    }

    private static Optional<String> combine(List<Row> rows) {
        Optional<Row> newest = rows.stream().max(java.util.Comparator.comparingLong(Row::size));
        if (newest.isEmpty()) return Optional.empty();
        StringBuilder note = new StringBuilder(newest.get().checkpoint());
        for (Row r : rows) if (r.checkpoint().equals(newest.get().checkpoint())) note.append(r.cosignature());
        return Optional.of(note.toString());
    }

    private record Row(long size, String checkpoint, String cosignature) {}

    private Optional<Row> row(String witness) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT size, checkpoint, cosignature FROM ledger_witnesses WHERE witness = :w")
                .bind("w", witness).map((rs, ctx) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3))).findOne());
    }

    private static String body(String note) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0) throw new LedgerException("the ledger's checkpoint is not a signed note");
        return note.substring(0, split + 1);
    }
}
