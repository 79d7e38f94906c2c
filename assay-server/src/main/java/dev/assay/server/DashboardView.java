package dev.assay.server;

import java.util.Objects;

/**
 * A page of the web dashboard that a module contributes, the way it contributes routes: the
 * dashboard's menu lists every view in {@code order}, and opening one imports its ES module
 * from the jar's {@code dashboard/} folder ({@code script}, e.g. {@code views/ranking.js}),
 * which renders into the page with the data the module's own routes serve.
 */
public record DashboardView(String id, String title, String script, int order) {
    private static final String ID = "[a-z][a-z0-9-]{0,31}";
    private static final String SCRIPT = "views/[a-z0-9-]+\\.js";

    public DashboardView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(script, "script");
        if (!id.matches(ID)) throw new IllegalArgumentException("view id must match " + ID + ", but was '" + id + "'");
        if (title.isBlank()) throw new IllegalArgumentException("view " + id + " needs a title");
        if (!script.matches(SCRIPT)) throw new IllegalArgumentException("view script must match " + SCRIPT + ", but was '" + script + "'");
    }
}
