package dev.assay.core.contract;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A named set of checks evaluated over windows of {@code window} length. */
public record Contract(String name, Duration window, List<Check> checks) {
    public Contract {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(checks, "checks");
        checks = List.copyOf(checks);
        Problems.Collected problems = new Problems.Collected();
        validate(problems, name, window, checks.stream().map(Check::name).toList());
        problems.throwIfAny();
    }

    /** The check named {@code checkName}. */
    public Check check(String checkName) {
        for (Check c : checks) if (c.name().equals(checkName)) return c;
        throw new IllegalArgumentException("contract " + name + " has no check named " + checkName);
    }

    /** Adds a problem for every invalid field; null fields are skipped. */
    static void validate(Problems p, String name, Duration window, List<String> checkNames) {
        if (name != null) {
            p.require(Check.NAME.matcher(name).matches(), "name",
                    "name must be 1..128 letters, digits or . _ : - starting with a letter or digit, but was \"" + name + "\"");
        }
        if (window != null) {
            try {
                WindowMath.sizeMillis(window);
            } catch (IllegalArgumentException e) {
                p.add("window", e.getMessage());
            }
        }
        if (checkNames != null) {
            p.require(!checkNames.isEmpty(), "checks", "a contract needs at least one check");
            Set<String> seen = new HashSet<>();
            for (String n : checkNames) {
                if (n != null && !seen.add(n)) p.add("checks", "check name \"" + n + "\" is used more than once");
            }
        }
    }
}
