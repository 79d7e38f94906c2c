package dev.assay.cli.demo;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.serve.ServeCommand;
import dev.assay.core.auth.IssuedToken;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.config.StoreConfig;
import dev.assay.core.store.Store;
import dev.assay.ranking.monitor.MonitorConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code assay demo} (also {@code assay serve --demo}): prepares a separate demo data directory, seeds
 * it from the shared TREC 2003 Robust data when it is there and the directory is not seeded yet
 * ({@link DemoSeeder}), prints an operator token, and serves it exactly as {@code assay serve} does.
 * Without the shared data it says so in one line and serves the directory empty.
 */
@Command(name = "demo",
        description = {"Seed a separate demo data directory from real data and serve it: a model with two versions made from"
                + " TREC 2003 Robust runs, a release contract in the ledger, a canary whose ranking monitor rolls it back.",
                "Prints what it did, an operator token for the web dashboard and API, and the URL; runs until SIGTERM or SIGINT."
                        + " A directory seeded before is served as it is (--reset seeds it again)."},
        footer = {ExitCodes.EXAMPLE,
                "  assay demo",
                "  assay demo --data-dir /tmp/assay-demo --port 9090 --reset",
                ExitCodes.HELP,
                "  0   stopped by SIGTERM or SIGINT after a graceful shutdown",
                ExitCodes.HELP_USAGE,
                "  70  the store, the shared data or the port failed: one line on stderr"})
public final class DemoCommand implements Callable<Integer> {
    /** The demo data directory unless one is given. */
    public static final String DEFAULT_DIR = "assay-demo";

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
            description = "Demo data directory; ASSAY_DATA_DIR and dataDir in --config are ignored, and a directory that is"
                    + " not empty and was not made by 'assay demo' is refused")
    Path dataDir;

    @Option(names = "--shared-data", paramLabel = "DIR",
            description = "Shared data directory holding ranking/robust03 (default: env " + SharedData.VARIABLE
                    + ", else shared/data in the parent of the directory holding the assay launcher)")
    Path sharedData;

    @Option(names = "--reset", description = "Wipe the demo data directory (only one made by 'assay demo') and seed it again")
    boolean reset;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration for the server, alerts and monitor limits (its dataDir and store.url are ignored)")
    Path config;

    @Option(names = "--host", paramLabel = "HOST", description = "Bind address (default 127.0.0.1; env ASSAY_SERVER_HOST)")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port, 0 for any free one (default 8080; env ASSAY_SERVER_PORT)")
    Integer port;

    @Spec
    CommandSpec spec;

    /** What a demo run is given; null where the option was not. */
    public record Options(Path configFile, Path dataDir, Path sharedData, boolean reset, String host, Integer port) {
        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
        }

        /** The options of {@code assay serve --demo}: its {@code --data-dir} flag (else {@value #DEFAULT_DIR}), config, host and port. */
        public static Options ofServe(Path configFile, Path dataDirFlag, String host, Integer port) {
            return new Options(configFile, dataDirFlag == null ? Path.of(DEFAULT_DIR) : dataDirFlag, null, false, host, port);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        return run(CliContext.of(spec), new Options(config, dataDir, sharedData, reset, host, port));
    }

    /** Prepares, seeds when it can and should, then serves until the context's lifetime ends; the exit code. */
    public static int run(CliContext ctx, Options options) throws InterruptedException {
        Path dir = options.dataDir().toAbsolutePath().normalize();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("dataDir", dir.toString());
        overrides.put("store.url", StoreConfig.sqliteFile(dir.resolve("assay.db")).url()); // never a store named by the environment
        if (options.host() != null) overrides.put("server.host", options.host());
        if (options.port() != null) overrides.put("server.port", options.port().toString());
        AssayConfig cfg = AssayConfig.load(options.configFile(), ctx.env(), overrides);
        MonitorConfig limits = cfg.monitors().ranking().map(s -> MonitorConfig.read(s.document())).orElseGet(MonitorConfig::defaults);

        DemoDirectory demo = DemoDirectory.prepare(dir, options.reset());
        SharedData data = SharedData.locate(options.sharedData(), ctx.env(), System.getProperty(SharedData.HOME_PROPERTY));
        Optional<Path> robust03 = data.robust03();
        if (demo.seeded()) {
            ctx.out().println("demo data directory " + dir + " is already seeded; serving it as it is (--reset seeds it again)");
        } else if (robust03.isEmpty()) {
            ctx.err().println(data.missingLine());
            ctx.err().flush();
        } else {
            ctx.out().println("seeding the demo data directory " + dir);
            ctx.out().flush();
            DemoSeeder.Outcome outcome = new DemoSeeder(robust03.get(), limits, line -> {
                ctx.out().println("  " + line);
                ctx.out().flush();
            }).seed(cfg, ctx.clock().instant());
            demo.markSeeded(outcome.candidate() + " against " + outcome.production());
            ctx.out().printf(Locale.ROOT, "seeded in %.1f s%n", outcome.took().toMillis() / 1000.0);
        }
        IssuedToken token;
        try (Store store = cfg.store().open()) {
            token = TokenService.create(store, ctx.clock()).create("demo-operator", Role.OPERATOR);
        }
        ctx.out().println("operator token (log in to the dashboard, or send as 'Authorization: Bearer ...'): " + token.secret());
        ctx.out().flush();
        return ServeCommand.serve(ctx, cfg, uri -> ctx.out().println("the demo is served at " + uri + "; log in with the token above"));
    }
}
