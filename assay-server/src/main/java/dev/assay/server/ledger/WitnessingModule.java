package dev.assay.server.ledger;

import dev.assay.core.NotFoundException;
import dev.assay.core.auth.Role;
import dev.assay.core.ledger.LedgerWitnesses;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import dev.assay.core.tlog.proof.Proofs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Witnessing of the ledger's checkpoints while the service runs: every {@code every}, one round of
 * {@link LedgerWitnesses#collect()} on a background thread. {@code GET /api/v1/ledger/checkpoint/cosigned}
 * (viewer) serves the newest checkpoint with the witnesses' cosignatures (404 before any), {@code
 * .../checkpoint/cosigned/proof/inclusion?seq=N} and {@code .../proof/consistency?from=M} proofs against it, and
 * {@code GET /api/v1/ledger/checkpoint/witnesses} (viewer) the configured witnesses and the last round.
 */
public final class WitnessingModule implements ApiModule {
    private static final Logger log = LoggerFactory.getLogger(WitnessingModule.class);

    record WitnessView(String name, String verifierKey, String url) {}

    record Round(Instant at, List<LedgerWitnesses.Attempt> attempts) {}

    record Status(List<WitnessView> witnesses, String every, Round lastRound) {}

    private final LedgerWitnesses witnesses;
    private final Duration every;
    private final Clock clock;
    private final AtomicReference<Round> last = new AtomicReference<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "assay-ledger-witnessing");
        t.setDaemon(true);
        return t;
    });

    /** Starts rounds at once and then every {@code every}. */
    public WitnessingModule(LedgerWitnesses witnesses, Duration every, Clock clock) {
        this.witnesses = Objects.requireNonNull(witnesses, "witnesses");
        this.every = Objects.requireNonNull(every, "every");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (every.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("witnessing every " + every + " is below 1 s");
        scheduler.scheduleWithFixedDelay(this::round, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            List<LedgerWitnesses.Attempt> attempts = witnesses.collect();
            last.set(new Round(clock.instant(), attempts));
            for (LedgerWitnesses.Attempt a : attempts)
                if (!a.cosigned()) log.warn("witness {} did not cosign the checkpoint of size {}: {}", a.witness(), a.size(), a.detail());
        } catch (RuntimeException e) { // the store failed: the next round tries again
            log.warn("a witnessing round failed", e);
        }
    }

    @Override
    public String name() {
        return "ledger";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/ledger/checkpoint/cosigned", Access.atLeast(Role.VIEWER),
                "The newest checkpoint the configured witnesses cosigned, with their C2SP tlog-cosignature lines, text/plain",
                ctx -> ctx.contentType("text/plain; charset=utf-8").result(witnesses.cosignedCheckpoint()
                        .orElseThrow(() -> new NotFoundException("no witness has cosigned a checkpoint of this ledger yet"))));
        routes.get("/api/v1/ledger/checkpoint/cosigned/proof/inclusion", Access.atLeast(Role.VIEWER),
                "The inclusion proof (assay-inclusion-proof/v1) of entry ?seq=N in the newest cosigned checkpoint, which it carries"
                        + " with the witnesses' cosignatures", ctx -> ctx.contentType("application/json").result(
                        Proofs.inclusion(witnesses.ledger(), required(ctx, "seq"), cosigned()).toJson()));
        routes.get("/api/v1/ledger/checkpoint/cosigned/proof/consistency", Access.atLeast(Role.VIEWER),
                "The consistency proof (assay-consistency-proof/v1) of the first ?from=M entries with the newest cosigned"
                        + " checkpoint, which it carries with the witnesses' cosignatures", ctx -> ctx.contentType("application/json")
                        .result(Proofs.consistency(witnesses.ledger(), required(ctx, "from"), cosigned()).toJson()));
        routes.get("/api/v1/ledger/checkpoint/witnesses", Access.atLeast(Role.VIEWER),
                "The configured witnesses and what each answered in the last round", ctx -> ctx.json(new Status(
                        witnesses.witnesses().stream().map(w -> new WitnessView(w.key().name(), w.key().verifierKey(), w.url().toString()))
                                .toList(), every.toString(), last.get())));
    }

    private String cosigned() {
        return witnesses.cosignedCheckpoint()
                .orElseThrow(() -> new NotFoundException("no witness has cosigned a checkpoint of this ledger yet"));
    }

    private static long required(io.javalin.http.Context ctx, String name) {
        if (ctx.queryParam(name) == null) throw new dev.assay.core.InvalidInputException("query parameter '" + name + "' is required");
        return Requests.queryLong(ctx, name, 0, 1, Long.MAX_VALUE);
    }

    @Override
    public void stopping() {
        scheduler.shutdownNow();
    }
}
