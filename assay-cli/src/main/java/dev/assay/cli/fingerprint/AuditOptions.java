package dev.assay.cli.fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.CoreServices;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.LedgerEntry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Every fingerprint decision (build, verify, identify, merge, drift) is a ledger entry with its evidence, in the
 * configured store, unless {@code --no-record}.
 */
public final class AuditOptions {
    @Option(names = "--no-record", description = "Do not record the result in the ledger")
    boolean noRecord;

    @Mixin
    ConfigOptions config;

    /** Loads the configuration early, so a broken --config is reported before any work. */
    AssayConfig load(CliContext ctx) {
        return config.load(ctx);
    }

    /** Appends the entry (unless --no-record) and says so on stderr. */
    void record(CliContext ctx, AssayConfig settings, String kind, String subject, JsonNode payload) {
        if (noRecord) return;
        try (CoreServices core = CoreServices.open(settings, ctx.clock())) {
            LedgerEntry e = core.ledger().append(kind, subject.isEmpty() ? "(unnamed model)" : subject, payload);
            ctx.err().println("recorded as ledger entry " + e.seq());
            ctx.err().flush();
        }
    }
}
