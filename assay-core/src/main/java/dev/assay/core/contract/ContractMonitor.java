package dev.assay.core.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates a contract on successive windows and keeps each trigger's streak. Windows must arrive in
 * time order without overlap (gaps are allowed and change nothing by themselves). Thread-safe.
 */
public final class ContractMonitor {
    private final Contract contract;
    private final List<List<Streak>> streaks = new ArrayList<>();
    private Instant lastEnd;

    private ContractMonitor(Contract contract) {
        this.contract = Objects.requireNonNull(contract, "contract");
        for (Check check : contract.checks()) {
            List<Streak> perCheck = new ArrayList<>();
            for (Trigger t : check.triggers()) perCheck.add(new Streak(contract.name(), check.name(), t));
            streaks.add(perCheck);
        }
    }

    /** A monitor with fresh (empty) streaks for every trigger of {@code contract}. */
    public static ContractMonitor of(Contract contract) {
        return new ContractMonitor(contract);
    }

    /** Evaluates every check on {@code window}, advances every trigger and returns what happened. */
    public synchronized WindowReport observe(Window window) {
        Objects.requireNonNull(window, "window");
        if (lastEnd != null && window.start().isBefore(lastEnd)) {
            throw new IllegalArgumentException("window [" + window.start() + ", " + window.end()
                    + ") starts before the end of the previous window " + lastEnd);
        }
        lastEnd = window.end();
        List<Evaluation> evaluations = new ArrayList<>();
        List<TriggerEvent> events = new ArrayList<>();
        for (int i = 0; i < contract.checks().size(); i++) {
            Evaluation e = contract.checks().get(i).evaluate(window);
            evaluations.add(e);
            for (Streak s : streaks.get(i)) s.step(e).ifPresent(events::add);
        }
        return new WindowReport(window.start(), window.end(), evaluations, events);
    }

    /**
     * Advances every trigger with evaluations computed by the caller (for statistics the core's evaluator
     * does not compute, e.g. a bootstrap bound or a calibration error): exactly one per check, in
     * contract order, each named for its check. Same ordering rule as {@link #observe}.
     */
    public synchronized WindowReport record(Instant start, Instant end, List<Evaluation> evaluations) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(evaluations, "evaluations");
        if (!start.isBefore(end)) throw new IllegalArgumentException("start must be before end, but was [" + start + ", " + end + ")");
        if (evaluations.size() != contract.checks().size()) {
            throw new IllegalArgumentException("need one evaluation per check (" + contract.checks().size()
                    + "), but had " + evaluations.size());
        }
        for (int i = 0; i < evaluations.size(); i++) {
            String expected = contract.checks().get(i).name();
            if (!evaluations.get(i).check().equals(expected)) {
                throw new IllegalArgumentException("evaluation " + i + " must be of check " + expected
                        + ", but was of " + evaluations.get(i).check());
            }
        }
        if (lastEnd != null && start.isBefore(lastEnd)) {
            throw new IllegalArgumentException("window [" + start + ", " + end
                    + ") starts before the end of the previous window " + lastEnd);
        }
        lastEnd = end;
        List<TriggerEvent> events = new ArrayList<>();
        for (int i = 0; i < evaluations.size(); i++) {
            for (Streak s : streaks.get(i)) s.step(evaluations.get(i)).ifPresent(events::add);
        }
        return new WindowReport(start, end, evaluations, events);
    }

    /** Every trigger's state (per check, per trigger, in contract order) and the end of the last window. */
    public record State(java.time.Instant lastEnd, List<List<StreakState>> streaks) {
        public State {
            streaks = streaks.stream().map(List::copyOf).toList();
        }
    }

    /** The state now, from which {@link #resume} continues exactly. */
    public synchronized State state() {
        return new State(lastEnd, streaks.stream().map(l -> l.stream().map(Streak::state).toList()).toList());
    }

    /** A monitor of {@code contract} continuing from {@code state} (taken from a monitor of the same contract). */
    public static ContractMonitor resume(Contract contract, State state) {
        ContractMonitor m = new ContractMonitor(contract);
        Objects.requireNonNull(state, "state");
        if (state.streaks().size() != m.streaks.size())
            throw new dev.assay.core.InvalidInputException("monitor state has " + state.streaks().size() + " checks, the contract " + m.streaks.size());
        for (int i = 0; i < m.streaks.size(); i++) {
            if (state.streaks().get(i).size() != m.streaks.get(i).size())
                throw new dev.assay.core.InvalidInputException("monitor state of check " + contract.checks().get(i).name() + " has "
                        + state.streaks().get(i).size() + " triggers, the contract " + m.streaks.get(i).size());
            for (int j = 0; j < m.streaks.get(i).size(); j++) m.streaks.get(i).get(j).resume(state.streaks().get(i).get(j));
        }
        m.lastEnd = state.lastEnd();
        return m;
    }

    /** Failing windows in the current episode of {@code check}'s triggers (the longest if it has several; 0 without triggers). */
    public synchronized int failingWindows(String check) {
        List<Streak> perCheck = streaks.get(contract.checks().indexOf(contract.check(check)));
        int max = 0;
        for (Streak s : perCheck) max = Math.max(max, s.failing());
        return max;
    }

    public Contract contract() {
        return contract;
    }
}
