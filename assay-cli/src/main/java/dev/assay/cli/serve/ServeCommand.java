package dev.assay.cli.serve;

import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.VersionCommand;
import dev.assay.cli.demo.DemoCommand;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.monitor.MonitorScheduler;
import dev.assay.core.monitor.Monitors;
import dev.assay.core.store.Store;
import dev.assay.core.telemetry.HealthCheck;
import dev.assay.core.telemetry.Telemetry;
import dev.assay.ranking.monitor.MonitorConfig;
import dev.assay.ranking.monitor.MonitorSinks;
import dev.assay.ranking.monitor.RankingMonitorKind;
import dev.assay.server.AssayServer;
import dev.assay.fingerprint.monitor.FingerprintMonitorKind;
import dev.assay.fingerprint.monitor.ReferenceStore;
import dev.assay.llm.monitor.TokenMonitorKind;
import dev.assay.server.fingerprint.FingerprintModule;
import dev.assay.server.fingerprint.FingerprintMonitorModule;
import dev.assay.server.ledger.LedgerModule;
import dev.assay.server.ledger.WitnessingModule;
import dev.assay.core.ledger.LedgerWitnesses;
import java.time.Duration;
import java.util.ArrayList;
import dev.assay.server.models.ModelsModule;
import dev.assay.server.ranking.RankingContractModule;
import dev.assay.server.ranking.RankingMonitorModule;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code assay serve}: the composition root of the service. Opens telemetry and the store,
 * composes the server's modules, prints one line with the bound URL, and runs until
 * SIGTERM/SIGINT, then stops gracefully. Feature modules (ledger, models, ...) are added
 * here with {@code builder.module(...)}, and what they open with {@code closeOnStop(...)}.
 */
@Command(name = "serve", description = "Run the HTTP service until SIGTERM or SIGINT.",
        footer = {ExitCodes.EXAMPLE,
                "  assay serve --data-dir ./assay-data --port 8080",
                "  assay serve --demo",
                "  assay serve --witness \"$(cat witness.vkey)=https://witness.example.com\" --witness-every 5m",
                ExitCodes.HELP,
                "  0   stopped by SIGTERM or SIGINT after a graceful shutdown",
                ExitCodes.HELP_USAGE,
                "  70  the store failed or the port could not be bound: one line on stderr"})
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--host", paramLabel = "HOST", description = "Bind address (default 127.0.0.1; env ASSAY_SERVER_HOST)")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port, 0 for any free one (default 8080; env ASSAY_SERVER_PORT)")
    Integer port;

    @Option(names = "--demo", description = "Run 'assay demo' instead: a separate demo data directory (assay-demo unless"
            + " --data-dir is given) seeded from the shared data, then served")
    boolean demo;

    @Option(names = "--witness", paramLabel = "VKEY=URL",
            description = "A witness to cosign the ledger's checkpoints (C2SP tlog-witness): its verifier key, '=', its address;"
                    + " repeatable; replaces ledger.witnesses of the configuration (default: that, else none)")
    List<String> witnesses = new ArrayList<>();

    @Option(names = "--agent-policy", paramLabel = "POLICY.yaml",
            description = "Guard policy for POST /api/v1/agent/check (as agent check --policy; default: nothing listed, paths relative to"
                    + " the current directory)")
    java.nio.file.Path agentPolicy;

    @Option(names = "--witness-every", paramLabel = "DURATION",
            description = "How often the newest checkpoint goes to the witnesses, at least 1s (default: ledger.witnessEvery of the"
                    + " configuration, else 60s)")
    String witnessEvery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = CliContext.of(spec);
        if (demo) return DemoCommand.run(ctx, DemoCommand.Options.ofServe(config.file(), config.dataDirFlag(), host, port));
        dev.assay.agent.policy.Policy guardPolicy = agentPolicy == null ? dev.assay.agent.policy.Policy.defaults()
                : dev.assay.agent.policy.Policy.load(agentPolicy);
        Map<String, String> overrides = new HashMap<>();
        if (host != null) overrides.put("server.host", host);
        if (port != null) overrides.put("server.port", port.toString());
        if (!witnesses.isEmpty()) overrides.put("ledger.witnesses", String.join(" ", witnesses));
        if (witnessEvery != null) overrides.put("ledger.witnessEvery", witnessEvery);
        return serve(ctx, config.load(ctx, overrides), guardPolicy, uri -> {});
    }

    /** Serves {@code cfg} until the context's lifetime ends; {@code started} sees the bound URL once it is printed. */
    public static int serve(CliContext ctx, AssayConfig cfg, Consumer<URI> started) throws InterruptedException {
        return serve(ctx, cfg, dev.assay.agent.policy.Policy.defaults(), started);
    }

    /** As {@link #serve(CliContext, AssayConfig, Consumer)}, the agent guard deciding under {@code guardPolicy}. */
    public static int serve(CliContext ctx, AssayConfig cfg, dev.assay.agent.policy.Policy guardPolicy, Consumer<URI> started)
            throws InterruptedException {
        MonitorConfig monitorConfig = cfg.monitors().ranking().map(s -> MonitorConfig.read(s.document())).orElseGet(MonitorConfig::defaults);

        Telemetry telemetry = Telemetry.create();
        // The model the chat proxy forwards to (llm.*, none by default) and its meters.
        dev.assay.models.chat.ChatMetrics chatMetrics = new dev.assay.models.chat.ChatMetrics(telemetry.registry(), ctx.clock());
        java.util.Optional<dev.assay.server.llm.LlmUpstream> upstream;
        CoreServices core;
        try {
            upstream = dev.assay.server.llm.LlmUpstream.from(cfg.llm(), ctx.env(), chatMetrics, ctx.clock());
        } catch (RuntimeException e) {
            telemetry.close();
            throw e;
        }
        try {
            core = CoreServices.open(cfg, ctx.clock());
        } catch (RuntimeException e) {
            upstream.ifPresent(dev.assay.server.llm.LlmUpstream::close);
            telemetry.close();
            throw e;
        }
        Store store = core.store();
        AlertManager alerts = cfg.alerts().open(telemetry.registry(), ctx.clock());
        // The LLM alert rules, which also see the token monitors' drift alerts.
        dev.assay.llm.health.LlmHealth llmHealth = new dev.assay.llm.health.LlmHealth(upstream.map(u -> chatMetrics),
                upstream.flatMap(dev.assay.server.llm.LlmUpstream::budget), dev.assay.llm.health.LlmHealth.Thresholds.defaults(), alerts,
                telemetry.registry(), ctx.clock());
        // Monitors live in the store; this instance runs those whose lease it holds (one instance per monitor).
        ReferenceStore references = ReferenceStore.inDataDir(cfg.dataDir());
        Monitors stored = Monitors.open(store, ctx.clock(), List.of(new RankingMonitorKind(
                new MonitorSinks(core.registry(), core.ledger(), alerts, telemetry.registry())),
                new FingerprintMonitorKind(references, alerts, telemetry.registry()),
                new TokenMonitorKind(llmHealth.observing(alerts), telemetry.registry())));
        MonitorScheduler scheduler = MonitorScheduler.create(store, stored, core.ledger(), ctx.clock());
        RankingMonitorModule monitors = new RankingMonitorModule(stored, monitorConfig, ctx.clock());
        AssayServer.Builder builder = AssayServer.builder(cfg, telemetry, TokenService.create(store, ctx.clock()))
                .healthCheck(HealthCheck.of("store", store::ping));
        if (!cfg.ledger().witnesses().isEmpty())
            builder.module(new WitnessingModule(new LedgerWitnesses(store, core.ledger(), cfg.ledger().witnesses(), Duration.ofSeconds(10),
                    ctx.clock()), cfg.ledger().witnessEvery(), ctx.clock()));
        dev.assay.protocol.sla.ProtocolRollout protocols = dev.assay.cli.protocol.ProtocolServices.rollout(core.registry(), ctx.clock(),
                telemetry.registry());
        AssayServer server = builder
                .module(new LedgerModule(core.ledger(), ctx.clock()))
                .module(new ModelsModule(core.registry(), ctx.clock()))
                .module(monitors)
                .module(new RankingContractModule(core.ledger(), core.registry(), ctx.clock(), telemetry.registry()))
                .module(new FingerprintModule(core.ledger(), telemetry.registry()))
                .module(new FingerprintMonitorModule(stored, references, core.registry()))
                .module(new dev.assay.server.agent.AgentModule(guardPolicy, core.ledger(), telemetry.registry(),
                        dev.assay.agent.approval.ApprovalQueue.open(store, core.ledger(), ctx.clock()),
                        dev.assay.server.agent.AgentModule.DEFAULT_APPROVAL_TTL, alerts)
                        .learning(dev.assay.cli.agent.AgentMemories.open(cfg.dataDir(), ctx.clock()),
                                dev.assay.cli.agent.AgentMemories.checkpoints(cfg.dataDir(), ctx.clock())))
                .module(new dev.assay.server.protocol.ProtocolModule(protocols))
                .module(llmModule(new dev.assay.server.llm.LlmModule(llmCalibration(cfg), dev.assay.llm.spans.SpanDetector.shipped(),
                        telemetry.registry()).health(llmHealth).monitors(stored, ctx.clock()), upstream))
                .module(new dev.assay.server.llm.LlmMonitorModule(stored))
                .closeOnStop(llmHealth)
                .closeOnStop(protocols)
                .closeOnStop(telemetry)
                .closeOnStop(store)
                .closeOnStop(core.ledger())
                .closeOnStop(alerts)
                .closeOnStop(() -> upstream.ifPresent(dev.assay.server.llm.LlmUpstream::close))
                .closeOnStop(scheduler)
                .version(VersionCommand.assayVersion())
                .build()
                .start();
        scheduler.start(MonitorScheduler.DEFAULT_PERIOD);
        llmHealth.start(dev.assay.llm.health.LlmHealth.DEFAULT_PERIOD);
        ctx.out().println("listening on " + server.uri());
        ctx.out().println("dashboard at " + server.uri() + "/ (log in with a token from 'assay tokens create --role viewer');"
                + " API docs at " + server.uri() + "/api/docs");
        started.accept(server.uri());
        ctx.out().flush();
        ctx.serveLifetime().runUntilStopped(server);
        return ExitCodes.OK;
    }

    private static dev.assay.server.llm.LlmModule llmModule(dev.assay.server.llm.LlmModule m,
                                                            java.util.Optional<dev.assay.server.llm.LlmUpstream> upstream) {
        return upstream.map(m::proxy).orElse(m);
    }

    /** The file in the data directory whose calibration the LLM monitor checks generations with, when it exists. */
    public static final String LLM_CALIBRATION = "llm-calibration.json";

    private static java.util.Optional<dev.assay.llm.score.Calibration> llmCalibration(AssayConfig cfg) {
        java.nio.file.Path file = cfg.dataDir().resolve(LLM_CALIBRATION);
        return java.nio.file.Files.isRegularFile(file) ? java.util.Optional.of(dev.assay.llm.score.Calibration.read(file)) : java.util.Optional.empty();
    }
}
