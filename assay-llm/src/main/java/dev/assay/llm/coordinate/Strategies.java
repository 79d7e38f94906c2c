package dev.assay.llm.coordinate;

import dev.assay.core.InvalidInputException;
import dev.assay.llm.coordinate.CoordinatedRun.AgentReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs a {@link Strategy}. Calls that do not depend on each other (the agents' opening answers, one debate round, a
 * chain's solo calls) are all in flight at once, one virtual thread each; their replies are kept in team order, so a
 * run's result depends on what each agent was answered, not on which answer arrived first.
 */
final class Strategies {
    private Strategies() {}

    static CoordinatedRun run(Strategy strategy, Caller caller, Task task, List<AgentSpec> agents) {
        if (agents.size() < Strategy.MIN_AGENTS)
            throw new InvalidInputException("a team needs at least " + Strategy.MIN_AGENTS + " agents, but has " + agents.size());
        long before = caller.calls();
        CoordinatedRun run = switch (strategy) {
            case Strategy.Sequential s -> sequential(caller, task, agents);
            case Strategy.Parallel p -> parallel(p, caller, task, agents);
            case Strategy.Debate d -> debate(d, caller, task, agents);
        };
        long made = caller.calls() - before;
        long stated = strategy.calls(agents.size()) + strategy.soloCalls(agents.size());
        if (made != stated) throw new IllegalStateException(strategy.name() + " made " + made + " calls, not the " + stated + " it states");
        return run;
    }

    private static CoordinatedRun sequential(Caller caller, Task task, List<AgentSpec> agents) {
        List<AgentReply> finals = new ArrayList<>();
        String previous = null;
        for (AgentSpec a : agents) {
            previous = caller.ask(a, previous == null ? Prompts.solo(task) : Prompts.refine(task, previous));
            finals.add(new AgentReply(a.name(), previous));
        }
        List<AgentSpec> others = agents.subList(1, agents.size());
        List<AgentReply> solos = new ArrayList<>(agents.size());
        solos.add(finals.getFirst());
        solos.addAll(all(others.size(), i -> new AgentReply(others.get(i).name(), caller.ask(others.get(i), Prompts.solo(task)))));
        return new CoordinatedRun("sequential", previous, finals, solos, agents.size(), others.size());
    }

    private static CoordinatedRun parallel(Strategy.Parallel p, Caller caller, Task task, List<AgentSpec> agents) {
        List<AgentReply> replies = opening(caller, task, agents);
        List<String> texts = replies.stream().map(AgentReply::reply).toList();
        String answer = p.aggregator().isPresent()
                ? caller.ask(p.aggregator().get(), Prompts.aggregate(task, texts))
                : texts.get(Answers.majority(texts));
        return new CoordinatedRun(p.name(), answer, replies, replies, p.calls(agents.size()), 0);
    }

    private static CoordinatedRun debate(Strategy.Debate d, Caller caller, Task task, List<AgentSpec> agents) {
        List<AgentReply> opening = opening(caller, task, agents);
        List<AgentReply> current = opening;
        for (int round = 1; round <= d.rounds(); round++) {
            List<AgentReply> seen = current;
            current = all(agents.size(), i -> {
                List<String[]> others = new ArrayList<>(agents.size() - 1);
                for (int j = 0; j < agents.size(); j++) if (j != i) others.add(new String[] {seen.get(j).agent(), seen.get(j).reply()});
                return new AgentReply(agents.get(i).name(), caller.ask(agents.get(i), Prompts.debate(task, others)));
            });
        }
        List<String> texts = current.stream().map(AgentReply::reply).toList();
        return new CoordinatedRun(d.name(), texts.get(Answers.majority(texts)), current, opening, d.calls(agents.size()), 0);
    }

    private static List<AgentReply> opening(Caller caller, Task task, List<AgentSpec> agents) {
        return all(agents.size(), i -> new AgentReply(agents.get(i).name(), caller.ask(agents.get(i), Prompts.solo(task))));
    }

    /**
     * {@code call(0) .. call(n - 1)}, all started at once, their results in index order. The first failure (in index
     * order) is thrown as it was, after the other calls are interrupted.
     */
    static <T> List<T> all(int n, IntFunction<T> call) {
        if (n == 0) return List.of();
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("assay-agent-", 0).factory())) {
            List<Future<T>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> call.apply(index)));
            }
            List<T> out = new ArrayList<>(n);
            try {
                for (Future<T> f : futures) out.add(f.get());
            } catch (ExecutionException e) {
                pool.shutdownNow();
                switch (e.getCause()) {
                    case RuntimeException r -> throw r;
                    case Error err -> throw err;
                    default -> throw new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while the agents' calls were in flight");
            }
            return out;
        }
    }
}
