package dev.assay.agent.guard;

import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Finding;
import dev.assay.agent.command.Risk;
import dev.assay.agent.policy.Policy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * Per-agent limits, with Resilience4j: a rate limiter (at most {@code actionsPerMinute} decisions per agent per
 * minute; beyond it, DENY without checking) and a circuit breaker over the agent's decisions (a DENY is a failure;
 * when at least {@code breakerFailurePercent} of the last {@code breakerWindow} decisions were DENIED, the circuit
 * opens and every action of that agent is DENIED for {@code breakerOpenFor}, then a few are let through to test it).
 * Actions without an agent share the limits of {@code (unnamed agent)}.
 */
final class AgentLimits {
    static final String UNNAMED = "(unnamed agent)";

    private final Policy.Limits limits;
    private final RateLimiterRegistry rates;
    private final CircuitBreakerRegistry breakers;

    AgentLimits(Policy.Limits limits) {
        this.limits = limits;
        this.rates = limits.actionsPerMinute() == 0 ? null : RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(limits.actionsPerMinute()).limitRefreshPeriod(Duration.ofMinutes(1)).timeoutDuration(Duration.ZERO).build());
        this.breakers = limits.breakerWindow() == 0 ? null : CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(limits.breakerWindow())
                .minimumNumberOfCalls(limits.breakerWindow()).failureRateThreshold(limits.breakerFailurePercent())
                .waitDurationInOpenState(limits.breakerOpenFor()).permittedNumberOfCallsInHalfOpenState(Math.max(1, limits.breakerWindow() / 4))
                .automaticTransitionFromOpenToHalfOpenEnabled(false).build());
    }

    /** A finding that stops the action before any check (rate limit, open circuit), or empty. */
    Optional<Finding> admit(String agent) {
        String who = agent == null ? UNNAMED : agent;
        if (rates != null && !rates.rateLimiter(who).acquirePermission()) {
            return Optional.of(new Finding(Risk.LIMIT, Decision.DENY, "agent " + who + " proposed more than " + limits.actionsPerMinute()
                    + " actions in a minute"));
        }
        if (breakers != null) {
            CircuitBreaker b = breakers.circuitBreaker(who);
            if (!b.tryAcquirePermission()) {
                return Optional.of(new Finding(Risk.LIMIT, Decision.DENY, "agent " + who + " is stopped: at least "
                        + (int) limits.breakerFailurePercent() + "% of its last " + limits.breakerWindow() + " actions were denied"));
            }
        }
        return Optional.empty();
    }

    /** Records the decision of an admitted action in the agent's circuit breaker. */
    void record(String agent, Decision d) {
        if (breakers == null) return;
        CircuitBreaker b = breakers.circuitBreaker(agent == null ? UNNAMED : agent);
        if (d == Decision.DENY) b.onError(0, java.util.concurrent.TimeUnit.NANOSECONDS, new DeniedAction());
        else b.onSuccess(0, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** What a denied action is to the circuit breaker. */
    static final class DeniedAction extends RuntimeException {
        DeniedAction() {
            super("denied", null, false, false);
        }
    }
}
