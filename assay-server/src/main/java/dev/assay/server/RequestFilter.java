package dev.assay.server;

import dev.assay.core.telemetry.CorrelationId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Surrounds every request: resolves its correlation id (echoed in {@value CorrelationId#HEADER},
 * held in the MDC), and records timer {@code http.server.requests} tagged by method, route
 * template, status and outcome, and logs one access line. Unmatched paths share route {@code UNMATCHED}, so scanning
 * cannot inflate the number of series.
 */
final class RequestFilter implements Filter {
    static final String REQUEST_ID_ATTRIBUTE = "assay.requestId";
    static final String TIMER = "http.server.requests";
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    /** One line per request, with the request id from the MDC; silence with logger {@code dev.assay.server.access}. */
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.assay.server.access");

    private final MeterRegistry registry;

    RequestFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        String id = CorrelationId.acceptOrGenerate(req.getHeader(CorrelationId.HEADER));
        req.setAttribute(REQUEST_ID_ATTRIBUTE, id);
        res.setHeader(CorrelationId.HEADER, id);
        Timer.Sample sample = Timer.start(registry);
        CorrelationId.Scope scope = CorrelationId.open(id);
        try {
            chain.doFilter(request, response);
        } finally {
            try {
                record(req, res, sample);
            } finally {
                scope.close();
            }
        }
    }

    private void record(HttpServletRequest req, HttpServletResponse res, Timer.Sample sample) {
        Object route = req.getAttribute(BearerGuard.ROUTE_ATTRIBUTE);
        int status = res.getStatus();
        long nanos = sample.stop(Timer.builder(TIMER)
                .description("HTTP requests served, by route template and status")
                .tag("method", METHODS.contains(req.getMethod()) ? req.getMethod() : "OTHER")
                .tag("route", route == null ? "UNMATCHED" : route.toString())
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(registry));
        ACCESS.info("{} {} {} {}ms", req.getMethod(), req.getRequestURI(), status, nanos / 1_000_000);
    }

    private static String outcome(int status) {
        if (status >= 500) return "SERVER_ERROR";
        if (status >= 400) return "CLIENT_ERROR";
        if (status >= 300) return "REDIRECTION";
        return "SUCCESS";
    }
}
