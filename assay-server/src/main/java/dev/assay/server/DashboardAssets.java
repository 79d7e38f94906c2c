package dev.assay.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The dashboard's static files: the pages under {@code dashboard/} in the jar at {@code /}, the
 * webjars (uPlot, Swagger UI) at {@code /webjars/...}, and the API docs page at
 * {@code /api/docs}. All are public (they hold no data: every datum comes from the guarded API
 * with the token the user logs in with) and carry a content security policy that allows
 * nothing but this origin.
 */
final class DashboardAssets {
    /** Scripts, styles, images and connections from this origin only; no framing. */
    static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    private DashboardAssets() {
    }

    static void install(JavalinConfig cfg) {
        cfg.staticFiles.add(sf -> {
            sf.hostedPath = "/";
            sf.directory = "/dashboard";
            sf.location = Location.CLASSPATH;
            sf.headers = HEADERS;
        });
        cfg.staticFiles.enableWebjars();
        String docs = resource("/dashboard/api-docs.html");
        cfg.routes.addHttpHandler(HandlerType.GET, "/api/docs", ctx -> {
            HEADERS.forEach(ctx::header);
            ctx.html(docs);
        });
    }

    private static String resource(String path) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
