package dev.assay.server;

import java.util.Objects;

/** One registered route as documented: method, path (with {@code {param}} path parameters), access, summary, owning module. */
public record RouteInfo(HttpMethod method, String path, Access access, String summary, String module) {
    public RouteInfo {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(module, "module");
        if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("path must start with '/', but was " + path);
        if (summary.isBlank()) throw new IllegalArgumentException("summary of " + method + " " + path + " must not be blank");
    }
}
