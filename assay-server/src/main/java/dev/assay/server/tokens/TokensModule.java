package dev.assay.server.tokens;

import dev.assay.core.InvalidInputException;
import dev.assay.core.auth.IssuedToken;
import dev.assay.core.auth.Principal;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenInfo;
import dev.assay.core.auth.TokenService;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import java.time.Instant;
import java.util.List;

/**
 * Who am I, and token management: {@code GET /api/v1/whoami} (viewer), {@code GET /api/v1/tokens}
 * (operator), {@code POST /api/v1/tokens} and {@code DELETE /api/v1/tokens/{id}} (admin).
 */
public final class TokensModule implements ApiModule {
    /** The body of {@code POST /api/v1/tokens}. */
    record CreateTokenRequest(String name, String role) {}

    /** A token as listed: never its secret. */
    record TokenView(long id, String name, String role, Instant createdAt, Instant revokedAt) {
        static TokenView of(TokenInfo t) {
            return new TokenView(t.id(), t.name(), t.role().label(), t.createdAt(), t.revokedAt().orElse(null));
        }
    }

    /** A token just created, with its secret, shown this once. */
    record CreatedToken(long id, String name, String role, Instant createdAt, String token) {}

    /** The list response. */
    record TokenList(List<TokenView> tokens) {}

    /** The caller. */
    record WhoAmI(long tokenId, String name, String role) {}

    private final TokenService tokens;

    public TokensModule(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "tokens";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/whoami", Access.atLeast(Role.VIEWER), "The caller's token id, name and role", ctx -> {
            Principal p = Requests.principal(ctx);
            ctx.json(new WhoAmI(p.tokenId(), p.name(), p.role().label()));
        });
        routes.get("/api/v1/tokens", Access.atLeast(Role.OPERATOR), "Every token, revoked ones included; never secrets",
                ctx -> ctx.json(new TokenList(tokens.list().stream().map(TokenView::of).toList())));
        routes.post("/api/v1/tokens", Access.atLeast(Role.ADMIN),
                "Create a token from {\"name\", \"role\"}; the response holds the secret, shown only this once", ctx -> {
                    CreateTokenRequest req = Requests.body(ctx, CreateTokenRequest.class);
                    if (req.role() == null) throw new InvalidInputException("field 'role' is required");
                    if (req.name() == null) throw new InvalidInputException("field 'name' is required");
                    IssuedToken issued = tokens.create(req.name(), Role.parse(req.role()));
                    TokenInfo info = issued.info();
                    ctx.status(201).json(new CreatedToken(info.id(), info.name(), info.role().label(), info.createdAt(),
                            issued.secret()));
                });
        routes.delete("/api/v1/tokens/{id}", Access.atLeast(Role.ADMIN), "Revoke a token; it stops working at once",
                ctx -> ctx.json(TokenView.of(tokens.revoke(Requests.pathId(ctx, "id")))));
    }
}
