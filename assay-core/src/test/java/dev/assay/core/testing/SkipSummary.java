package dev.assay.core.testing;

import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * At the end of a test run, one line per reason tests were skipped ({@code NOTICE: 46 tests skipped: ASSAY_TEST_PG_URL
 * is not set ...}) instead of one per test. Registered for every module that uses core's test jar through
 * {@code META-INF/services}.
 */
public final class SkipSummary implements TestExecutionListener {
    private static final String ASSUMPTION = "Assumption failed: ";

    private final Map<String, Integer> skipped = new TreeMap<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        count(reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.ABORTED) return;
        count(result.getThrowable().map(Throwable::getMessage).orElse(null));
    }

    private synchronized void count(String reason) {
        String why = reason == null || reason.isBlank() ? "(no reason given)" : reason.startsWith(ASSUMPTION)
                ? reason.substring(ASSUMPTION.length()) : reason;
        skipped.merge(why, 1, Integer::sum);
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        skipped.forEach((why, n) -> System.err.println("NOTICE: " + n + (n == 1 ? " test" : " tests") + " skipped: " + why));
        skipped.clear();
    }
}
