package dev.assay.server.dashboard;

import dev.assay.core.auth.Role;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.DashboardView;
import dev.assay.server.Routes;
import java.util.Comparator;
import java.util.List;

/**
 * The web dashboard's own route: {@code GET /api/v1/dashboard/views} lists the pages every
 * module contributed (see {@link DashboardView}), in menu order. The pages themselves are
 * static files from the jar, served by the server at {@code /}.
 */
public final class DashboardModule implements ApiModule {
    record ViewList(List<DashboardView> views) {}

    private final List<DashboardView> views;

    /** A module listing {@code views}; two views with one id are refused. */
    public DashboardModule(List<DashboardView> views) {
        List<DashboardView> sorted = views.stream()
                .sorted(Comparator.comparingInt(DashboardView::order).thenComparing(DashboardView::id)).toList();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (DashboardView v : sorted)
            if (!ids.add(v.id())) throw new IllegalStateException("dashboard view " + v.id() + " is registered twice");
        this.views = sorted;
    }

    @Override
    public String name() {
        return "dashboard";
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/dashboard/views", Access.atLeast(Role.VIEWER),
                "The dashboard's pages: {id, title, script, order} per page, in menu order",
                ctx -> ctx.json(new ViewList(views)));
    }
}
