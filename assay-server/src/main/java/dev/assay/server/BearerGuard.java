package dev.assay.server;

import dev.assay.core.auth.Principal;
import dev.assay.core.auth.TokenService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.util.Locale;

/**
 * Wraps route handlers so that each, before running, rejects a declared body over the size
 * limit (413, before anything is read) and enforces its {@link Access} (401 / 403).
 */
final class BearerGuard {
    static final String ROUTE_ATTRIBUTE = "assay.route";
    private static final String SCHEME = "bearer ";

    private final TokenService tokens;
    private final long maxRequestBytes;

    BearerGuard(TokenService tokens, long maxRequestBytes) {
        this.tokens = tokens;
        this.maxRequestBytes = maxRequestBytes;
    }

    Handler guard(RouteInfo route, Handler handler) {
        return ctx -> {
            ctx.attribute(ROUTE_ATTRIBUTE, route.path());
            ctx.attribute(Requests.MAX_BYTES_ATTRIBUTE, maxRequestBytes);
            if (ctx.req().getContentLengthLong() > maxRequestBytes) {
                throw new HttpResponseException(413, "request body too large");
            }
            switch (route.access()) {
                case Access.Anonymous a -> { }
                case Access.AtLeast(var required) -> {
                    Principal p = authenticate(ctx);
                    if (!p.role().includes(required)) {
                        throw new AccessDeniedException(AccessDeniedException.Reason.INSUFFICIENT_ROLE,
                                route.method() + " " + route.path() + " requires role " + required.label()
                                        + " or higher; this token has role " + p.role().label());
                    }
                    ctx.attribute(Requests.PRINCIPAL_ATTRIBUTE, p);
                }
            }
            handler.handle(ctx);
        };
    }

    private Principal authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new AccessDeniedException(AccessDeniedException.Reason.MISSING_TOKEN,
                    "this route needs a bearer token (Authorization: Bearer <token>)");
        }
        if (!header.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
            throw new AccessDeniedException(AccessDeniedException.Reason.INVALID_TOKEN,
                    "the Authorization header must use the Bearer scheme");
        }
        return tokens.authenticate(header.substring(SCHEME.length()).strip())
                .orElseThrow(() -> new AccessDeniedException(AccessDeniedException.Reason.INVALID_TOKEN,
                        "the bearer token is unknown or revoked"));
    }
}
