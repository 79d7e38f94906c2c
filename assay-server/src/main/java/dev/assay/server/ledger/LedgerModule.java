package dev.assay.server.ledger;

import dev.assay.core.InvalidInputException;
import dev.assay.core.auth.Role;
import dev.assay.core.ledger.EntryCheck;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerQuery;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.ledger.VerifyReport;
import dev.assay.core.tlog.TilePath;
import dev.assay.core.NotFoundException;
import dev.assay.core.telemetry.HealthCheck;
import dev.assay.core.tlog.proof.Proofs;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.DashboardView;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import java.util.Locale;

/**
 * The ledger over HTTP: {@code GET /api/v1/ledger?after=SEQ&limit=N} (viewer) pages entries,
 * {@code GET /api/v1/ledger/search} (viewer) pages them newest first with filters,
 * {@code GET /api/v1/ledger/{seq}} (viewer) reads one and {@code .../{seq}/check} verifies it in place,
 * {@code GET /api/v1/ledger/verify?mode=FULL|CHECKPOINTS} (operator) verifies the whole chain,
 * {@code GET /api/v1/ledger/checkpoint} (viewer) gives the newest signed checkpoint (text/plain),
 * {@code GET /api/v1/ledger/proof/inclusion} and {@code .../proof/consistency} (viewer) proof documents,
 * {@code GET /api/v1/ledger/summary} (viewer) gives the size, the signed checkpoint and the last verification (starting one
 * in the background when none ran yet), {@code GET /api/v1/ledger/stream} (viewer) sends each new
 * entry as a server-sent event, {@code GET /api/v1/ledger/public-key} (viewer) gives the key to
 * verify exports with and the checkpoints' origin and C2SP verifier key. It contributes the dashboard's overview page.
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

    record PublicKey(String keyId, String pem, String origin, String verifierKey) {}

    record SearchPage(List<EntryView> entries, Long nextBefore) {}

    record Finding(String problem, String detail) {}

    record CheckView(long seq, boolean valid, List<Finding> problems) {}

    /** A verification with when it finished. */
    record LastVerification(Instant at, Verification result) {}

    record Summary(long headSeq, Instant newestTime, String keyId, LastVerification lastVerification, boolean verifying,
                   String checkpoint, String verifierKey) {}

    private final Ledger ledger;
    private final Clock clock;
    private final LedgerFeed feed;
    private final AtomicReference<LastVerification> last = new AtomicReference<>();
    private final AtomicBoolean verifying = new AtomicBoolean();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "assay-ledger-verify");
        t.setDaemon(true);
        return t;
    });

    public LedgerModule(Ledger ledger) {
        this(ledger, Clock.systemUTC());
    }

    /** A module over {@code ledger} that timestamps verifications with {@code clock}. */
    public LedgerModule(Ledger ledger, Clock clock) {
        this.ledger = java.util.Objects.requireNonNull(ledger, "ledger");
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.feed = new LedgerFeed(ledger);
    }

    @Override
    public List<DashboardView> views() {
        return List.of(new DashboardView("overview", "Overview", "views/overview.js", 0));
    }

    @Override
    public void stopping() {
        feed.close();
        background.shutdownNow();
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
                    long after = Requests.queryLong(ctx, "after", 0, 0, Long.MAX_VALUE);
                    int limit = (int) Requests.queryLong(ctx, "limit", 100, 1, 1000);
                    List<EntryView> page = ledger.page(after, limit).stream().map(EntryView::of).toList();
                    Long next = page.size() == limit ? page.get(page.size() - 1).seq() : null;
                    ctx.json(new Page(page, ledger.headSeq(), next));
                });
        routes.get("/api/v1/ledger/search", Access.atLeast(Role.VIEWER),
                "Entries newest first: below ?before=SEQ (default: from the newest), at most ?limit=N (1..1000, default 50),"
                        + " ?kind=K (a kind, * for any characters: ranking.*, *.trigger), ?subject=PREFIX, ?q=TEXT (in kind,"
                        + " subject or payload, case-insensitive)", ctx -> {
                    long before = Requests.queryLong(ctx, "before", 0, 0, Long.MAX_VALUE);
                    int limit = (int) Requests.queryLong(ctx, "limit", 50, 1, LedgerQuery.MAX_LIMIT);
                    LedgerQuery q = new LedgerQuery(before, limit, ctx.queryParam("kind"), ctx.queryParam("subject"),
                            ctx.queryParam("q"));
                    List<EntryView> page = ledger.search(q).stream().map(EntryView::of).toList();
                    Long next = page.size() == limit ? page.get(page.size() - 1).seq() : null;
                    ctx.json(new SearchPage(page, next));
                });
        routes.get("/api/v1/ledger/summary", Access.atLeast(Role.VIEWER),
                "The ledger's size, newest entry time, key id and last verification (a CHECKPOINTS verification starts in the"
                        + " background when none ran since the service started)", ctx -> {
                    if (last.get() == null) verifyInBackground(VerifyMode.CHECKPOINTS);
                    long head = ledger.headSeq();
                    Instant newest = head == 0 ? null : ledger.search(LedgerQuery.newest(1)).stream().findFirst()
                            .map(LedgerEntry::time).orElse(null);
                    ctx.json(new Summary(head, newest, ledger.keys().keyId(), last.get(), verifying.get(), ledger.checkpoint(),
                            ledger.checkpointKey().verifierKey()));
                });
        routes.get("/api/v1/ledger/stream", Access.atLeast(Role.VIEWER),
                "Server-sent events (with Accept: text/event-stream): hello {headSeq} on connect, entry {an entry} for each new entry, reset {headSeq} when"
                        + " more arrived than one event burst carries, verification {at, result} when one finishes",
                new SseHandler(feed::subscribe));
        routes.get("/api/v1/ledger/verify", Access.atLeast(Role.OPERATOR),
                "Verify every hash, link and signature (?mode=FULL, default), or every hash and link with signatures checked"
                        + " every 256th entry and at the head (?mode=CHECKPOINTS: content authenticated, replaced signatures"
                        + " on intact entries between checkpoints found only by FULL)",
                ctx -> {
                    VerifyMode mode = mode(ctx.queryParam("mode"));
                    ctx.json(remember(mode, ledger.verify(mode)).result());
                });
        routes.get("/api/v1/ledger/public-key", Access.atLeast(Role.VIEWER),
                "The ledger's Ed25519 public key (PEM), its checkpoints' origin and their C2SP verifier key",
                ctx -> ctx.json(new PublicKey(ledger.keys().keyId(), ledger.keys().publicKeyPem(), ledger.origin(),
                        ledger.checkpointKey().verifierKey())));
        routes.get("/api/v1/ledger/checkpoint", Access.atLeast(Role.VIEWER),
                "The newest checkpoint: a C2SP tlog-checkpoint (origin, tree size, base64 root) as a signed note, text/plain",
                ctx -> ctx.contentType("text/plain; charset=utf-8").result(ledger.checkpoint()));
        routes.get("/api/v1/ledger/tlog/checkpoint", Access.atLeast(Role.VIEWER),
                "The newest checkpoint at the C2SP tlog-tiles location: clients of that spec use /api/v1/ledger/tlog/ as the"
                        + " log's prefix", ctx -> ctx.contentType("text/plain; charset=utf-8").result(ledger.checkpoint()));
        routes.get("/api/v1/ledger/tlog/tile/<path>", Access.atLeast(Role.VIEWER),
                "A C2SP tlog-tiles resource: tile/<L>/<N>[.p/<W>] (Merkle hashes) or tile/entries/<N>[.p/<W>] (entry bundles of"
                        + " the entries' 32-byte chain hashes); 404 beyond the tree", ctx -> {
                    TilePath tile = TilePath.parse("tile/" + ctx.pathParam("path"));
                    ctx.header("Cache-Control", tile.width() == TilePath.WIDTH ? "public, max-age=31536000, immutable" : "no-cache");
                    ctx.contentType("application/octet-stream").result(ledger.tile(tile));
                });
        routes.get("/api/v1/ledger/proof/inclusion", Access.atLeast(Role.VIEWER),
                "The inclusion proof (assay-inclusion-proof/v1) of entry ?seq=N in the checkpoint of the first ?size=M entries"
                        + " (default: the newest checkpoint)", ctx -> {
                    Query q = new Query(ctx);
                    long seq = q.required("seq");
                    Long size = q.optional("size");
                    q.done();
                    var proof = size == null ? Proofs.inclusion(ledger, seq) : Proofs.inclusion(ledger, seq, size);
                    ctx.contentType("application/json").result(proof.toJson());
                });
        routes.get("/api/v1/ledger/proof/consistency", Access.atLeast(Role.VIEWER),
                "The consistency proof (assay-consistency-proof/v1) of the first ?from=M entries with the checkpoint of the"
                        + " first ?to=N (default: the newest checkpoint)", ctx -> {
                    Query q = new Query(ctx);
                    long from = q.required("from");
                    Long to = q.optional("to");
                    q.done();
                    var proof = to == null ? Proofs.consistency(ledger, from) : Proofs.consistency(ledger, from, to);
                    ctx.contentType("application/json").result(proof.toJson());
                });
        routes.get("/api/v1/ledger/{seq}/check", Access.atLeast(Role.VIEWER),
                "Verify one entry in place: its hash, signature, and links to the entries beside it (or the signed head)", ctx -> {
                    long seq = Requests.pathId(ctx, "seq");
                    EntryCheck c = ledger.check(seq).orElseThrow(() -> new NotFoundException("ledger entry " + seq + " does not exist"));
                    ctx.json(new CheckView(c.seq(), c.valid(),
                            c.problems().stream().map(f -> new Finding(f.problem().name(), f.detail())).toList()));
                });
        routes.get("/api/v1/ledger/{seq}", Access.atLeast(Role.VIEWER), "One entry by seq", ctx -> {
            long seq = Requests.pathId(ctx, "seq");
            ctx.json(EntryView.of(ledger.get(seq).orElseThrow(() -> new NotFoundException("ledger entry " + seq + " does not exist"))));
        });
    }

    private LastVerification remember(VerifyMode mode, VerifyReport r) {
        LastVerification v = new LastVerification(clock.instant(), new Verification(r.valid(), r.entriesChecked(), r.headSeq(),
                r.valid() ? null : r.firstBadSeq(), r.valid() ? null : r.problem().name(), r.detail(), mode.name(),
                ledger.keys().keyId()));
        last.set(v);
        feed.broadcast("verification", v);
        return v;
    }

    /** Starts a verification on the background thread unless one is running. */
    private void verifyInBackground(VerifyMode mode) {
        if (!verifying.compareAndSet(false, true)) return;
        try {
            background.execute(() -> {
                try {
                    remember(mode, ledger.verify(mode));
                } catch (RuntimeException e) { // the store failed: the next summary request tries again
                    org.slf4j.LoggerFactory.getLogger(LedgerModule.class).warn("background ledger verification failed", e);
                } finally {
                    verifying.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) { // stopping
            verifying.set(false);
        }
    }

    /** Positive whole query parameters, every bad one named in one 400. */
    private static final class Query {
        private final Context ctx;
        private final List<String> problems = new java.util.ArrayList<>();

        Query(Context ctx) {
            this.ctx = ctx;
        }

        long required(String name) {
            if (ctx.queryParam(name) == null) {
                problems.add("query parameter '" + name + "' is required");
                return 0;
            }
            Long v = optional(name);
            return v == null ? 0 : v;
        }

        Long optional(String name) {
            String raw = ctx.queryParam(name);
            if (raw == null) return null;
            if (raw.isBlank()) {
                problems.add("query parameter '" + name + "' must be an integer in 1.." + Long.MAX_VALUE + ", but was empty");
                return null;
            }
            try {
                return Requests.queryLong(ctx, name, 0, 1, Long.MAX_VALUE);
            } catch (InvalidInputException e) {
                problems.add(e.getMessage());
                return null;
            }
        }

        void done() {
            if (!problems.isEmpty()) throw new InvalidInputException(String.join("; ", problems));
        }
    }

    static VerifyMode mode(String raw) {
        if (raw == null || raw.isBlank()) return VerifyMode.FULL;
        try {
            return VerifyMode.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("query parameter 'mode' must be FULL or CHECKPOINTS, but was '" + raw + "'");
        }
    }
}
