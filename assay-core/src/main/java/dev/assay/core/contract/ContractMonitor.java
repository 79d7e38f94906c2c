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

    public Contract contract() {
        return contract;
    }
}
