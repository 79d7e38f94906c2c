package dev.assay.cli.tokens;

import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.ExitCodes;
import dev.assay.core.auth.IssuedToken;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenInfo;
import dev.assay.core.auth.TokenService;
import dev.assay.core.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code assay tokens create|list|revoke}: manage the API's bearer tokens in the configured store. */
@Command(name = "tokens", description = "Create, list and revoke API tokens.",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class},
        footer = {ExitCodes.EXAMPLE,
                "  assay tokens create --role operator --name ci",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  2   no subcommand, or bad usage or input",
                ExitCodes.HELP_INTERNAL})
public final class TokensCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: create, list or revoke");
    }

    /** {@code assay tokens create --role R [--name N]}: prints the new token on stdout, once. */
    @Command(name = "create", description = "Create a token and print it; it is not shown again.",
            footer = {ExitCodes.EXAMPLE,
                    "  assay tokens create --role operator --name ci",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    public static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator or admin")
        String role;

        @Option(names = "--name", paramLabel = "NAME", description = "A label for the token (default: the role)")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.of(spec);
            Role r = Role.parse(role);
            try (Store store = config.load(ctx).store().open()) {
                IssuedToken issued = TokenService.create(store, ctx.clock()).create(name == null ? r.label() : name, r);
                ctx.out().println(issued.secret());
                ctx.out().flush();
                ctx.err().println("assay: created token " + issued.info().id() + " '" + issued.info().name() + "' with role "
                        + r.label() + "; store it now, it is not shown again");
                ctx.err().flush();
            }
            return ExitCodes.OK;
        }
    }

    /** {@code assay tokens list}: one line per token, never a secret. */
    @Command(name = "list", description = "List tokens (never their secrets).",
            footer = {ExitCodes.EXAMPLE,
                    "  assay tokens list",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    public static final class ListTokens implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.of(spec);
            try (Store store = config.load(ctx).store().open()) {
                PrintWriter out = ctx.out();
                String format = "%-6s %-24s %-9s %-25s %s%n";
                out.printf(format, "ID", "NAME", "ROLE", "CREATED", "REVOKED");
                for (TokenInfo t : TokenService.create(store, ctx.clock()).list()) {
                    out.printf(format, t.id(), t.name(), t.role().label(), t.createdAt(),
                            t.revokedAt().map(Object::toString).orElse("-"));
                }
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    /** {@code assay tokens revoke ID}: the token stops working at once. */
    @Command(name = "revoke", description = "Revoke a token by id.",
            footer = {ExitCodes.EXAMPLE,
                    "  assay tokens revoke 3",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    "  2   bad usage, no such token, or already revoked",
                    ExitCodes.HELP_INTERNAL})
    public static final class Revoke implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Parameters(paramLabel = "ID", description = "The token's id, as shown by 'assay tokens list'")
        long id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.of(spec);
            try (Store store = config.load(ctx).store().open()) {
                TokenInfo t = TokenService.create(store, ctx.clock()).revoke(id);
                ctx.out().println("revoked token " + t.id() + " '" + t.name() + "'");
                ctx.out().flush();
            }
            return ExitCodes.OK;
        }
    }
}
