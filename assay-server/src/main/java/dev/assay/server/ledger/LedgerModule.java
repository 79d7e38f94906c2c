package dev.assay.server.ledger;

import dev.assay.core.InvalidInputException;
import dev.assay.core.auth.Role;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.ledger.VerifyReport;
import dev.assay.core.NotFoundException;
import dev.assay.core.telemetry.HealthCheck;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The ledger over HTTP: {@code GET /api/v1/ledger?after=SEQ&limit=N} (viewer) pages entries,
 * {@code GET /api/v1/ledger/{seq}} (viewer) reads one, {@code GET /api/v1/ledger/verify?mode=FULL|CHECKPOINTS}
 * (operator) verifies the whole chain, {@code GET /api/v1/ledger/public-key} (viewer) gives the key to verify exports with.
 */
public final class LedgerModule implements ApiModule {
    /** An entry as served; the payload is the canonical JSON text the hash covers. */
    record EntryView(long seq, Instant time, String kind, String subject, String payload, String prevHash, String hash,
                     String keyId, String signature) {
        static EntryView of(LedgerEntry e) {
            return new EntryView(e.seq(), e.time(), e.kind(), e.subject(), e.payload(), e.prevHash(), e.hash(), e.keyId(),
                    e.signature());
        }
    }

    record Page(List<EntryView> entries, long headSeq, Long nextAfter) {}

    record Verification(boolean valid, long entriesChecked, long headSeq, Long firstBadSeq, String problem, String detail,
                        String mode, String keyId) {}

    record PublicKey(String keyId, String pem) {}

    private final Ledger ledger;

    public LedgerModule(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return "ledger";
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(HealthCheck.of("ledger", ledger::isOpen));
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/ledger", Access.atLeast(Role.VIEWER),
                "A page of entries after ?after=SEQ (default 0), at most ?limit=N (1..1000, default 100)", ctx -> {
                    long after = longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
                    int limit = (int) longParam(ctx, "limit", 100, 1, 1000);
                    List<EntryView> page = ledger.page(after, limit).stream().map(EntryView::of).toList();
                    Long next = page.size() == limit ? page.get(page.size() - 1).seq() : null;
                    ctx.json(new Page(page, ledger.headSeq(), next));
                });
        routes.get("/api/v1/ledger/verify", Access.atLeast(Role.OPERATOR),
                "Verify every hash, link and signature (?mode=FULL, default), or every hash and link with signatures checked"
                        + " every 256th entry and at the head (?mode=CHECKPOINTS: content authenticated, replaced signatures"
                        + " on intact entries between checkpoints found only by FULL)",
                ctx -> {
                    VerifyMode mode = mode(ctx.queryParam("mode"));
                    VerifyReport r = ledger.verify(mode);
                    ctx.json(new Verification(r.valid(), r.entriesChecked(), r.headSeq(),
                            r.valid() ? null : r.firstBadSeq(), r.valid() ? null : r.problem().name(), r.detail(),
                            mode.name(), ledger.keys().keyId()));
                });
        routes.get("/api/v1/ledger/public-key", Access.atLeast(Role.VIEWER), "The ledger's Ed25519 public key (PEM)",
                ctx -> ctx.json(new PublicKey(ledger.keys().keyId(), ledger.keys().publicKeyPem())));
        routes.get("/api/v1/ledger/{seq}", Access.atLeast(Role.VIEWER), "One entry by seq", ctx -> {
            long seq = Requests.pathId(ctx, "seq");
            ctx.json(EntryView.of(ledger.get(seq).orElseThrow(() -> new NotFoundException("ledger entry " + seq + " does not exist"))));
        });
    }

    static VerifyMode mode(String raw) {
        if (raw == null || raw.isBlank()) return VerifyMode.FULL;
        try {
            return VerifyMode.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("query parameter 'mode' must be FULL or CHECKPOINTS, but was '" + raw + "'");
        }
    }

    static long longParam(Context ctx, String name, long dflt, long min, long max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return dflt;
        try {
            long v = Long.parseLong(raw.trim());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("query parameter '" + name + "' must be an integer in " + min + ".." + max
                + ", but was '" + raw + "'");
    }
}
