package dev.assay.server;

import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The route table a module registers into. Every route declares its {@link Access}; the
 * server wraps each handler in the bearer-token guard, so a route cannot be added unguarded
 * or undocumented. A duplicate method and path fails at startup.
 */
public final class Routes {
    /** A route with its handler, as held by the server. */
    record Route(RouteInfo info, Handler handler) {}

    private final List<Route> table;
    private final String module;

    private Routes(List<Route> table, String module) {
        this.table = table;
        this.module = module;
    }

    static Routes newTable() {
        return new Routes(new ArrayList<>(), "");
    }

    /** A view on the same table that registers routes for {@code module}. */
    Routes forModule(String module) {
        return new Routes(table, module);
    }

    public Routes get(String path, Access access, String summary, Handler handler) {
        return add(HttpMethod.GET, path, access, summary, handler);
    }

    public Routes post(String path, Access access, String summary, Handler handler) {
        return add(HttpMethod.POST, path, access, summary, handler);
    }

    public Routes put(String path, Access access, String summary, Handler handler) {
        return add(HttpMethod.PUT, path, access, summary, handler);
    }

    public Routes patch(String path, Access access, String summary, Handler handler) {
        return add(HttpMethod.PATCH, path, access, summary, handler);
    }

    public Routes delete(String path, Access access, String summary, Handler handler) {
        return add(HttpMethod.DELETE, path, access, summary, handler);
    }

    public Routes add(HttpMethod method, String path, Access access, String summary, Handler handler) {
        RouteInfo info = new RouteInfo(method, path, access, summary, module);
        Objects.requireNonNull(handler, "handler");
        for (Route r : table) {
            if (r.info().method() == method && r.info().path().equals(path)) {
                throw new IllegalStateException(method + " " + path + " is registered by both "
                        + r.info().module() + " and " + module);
            }
        }
        table.add(new Route(info, handler));
        return this;
    }

    /** Every route of every module registered so far, in registration order. */
    public List<RouteInfo> all() {
        return table.stream().map(Route::info).toList();
    }

    List<Route> routes() {
        return Collections.unmodifiableList(table);
    }
}
