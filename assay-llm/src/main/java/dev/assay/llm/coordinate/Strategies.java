package dev.assay.llm.coordinate;

import dev.assay.core.InvalidInputException;
import dev.assay.llm.coordinate.CoordinatedRun.AgentReply;
import java.util.ArrayList;
import java.util.List;

/** Runs a {@link Strategy}. Calls are made one after another, in team order, so a run is reproducible against recordings. */
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
        if (made != strategy.calls(agents.size()))
            throw new IllegalStateException(strategy.name() + " made " + made + " calls, not the " + strategy.calls(agents.size()) + " it states");
        return run;
    }

    private static CoordinatedRun sequential(Caller caller, Task task, List<AgentSpec> agents) {
        List<AgentReply> finals = new ArrayList<>();
        String previous = null;
        for (AgentSpec a : agents) {
            previous = caller.ask(a, previous == null ? Prompts.solo(task) : Prompts.refine(task, previous));
            finals.add(new AgentReply(a.name(), previous));
        }
        return new CoordinatedRun("sequential", previous, finals, List.of(finals.getFirst()), agents.size());
    }

    private static CoordinatedRun parallel(Strategy.Parallel p, Caller caller, Task task, List<AgentSpec> agents) {
        List<AgentReply> replies = opening(caller, task, agents);
        List<String> texts = replies.stream().map(AgentReply::reply).toList();
        String answer = p.aggregator().isPresent()
                ? caller.ask(p.aggregator().get(), Prompts.aggregate(task, texts))
                : texts.get(Answers.majority(texts));
        return new CoordinatedRun(p.name(), answer, replies, replies, p.calls(agents.size()));
    }

    private static CoordinatedRun debate(Strategy.Debate d, Caller caller, Task task, List<AgentSpec> agents) {
        List<AgentReply> opening = opening(caller, task, agents);
        List<AgentReply> current = opening;
        for (int round = 1; round <= d.rounds(); round++) {
            List<AgentReply> next = new ArrayList<>(agents.size());
            for (int i = 0; i < agents.size(); i++) {
                List<String[]> others = new ArrayList<>(agents.size() - 1);
                for (int j = 0; j < agents.size(); j++) if (j != i) others.add(new String[] {current.get(j).agent(), current.get(j).reply()});
                next.add(new AgentReply(agents.get(i).name(), caller.ask(agents.get(i), Prompts.debate(task, others))));
            }
            current = next;
        }
        List<String> texts = current.stream().map(AgentReply::reply).toList();
        return new CoordinatedRun(d.name(), texts.get(Answers.majority(texts)), current, opening, d.calls(agents.size()));
    }

    private static List<AgentReply> opening(Caller caller, Task task, List<AgentSpec> agents) {
        List<AgentReply> out = new ArrayList<>(agents.size());
        for (AgentSpec a : agents) out.add(new AgentReply(a.name(), caller.ask(a, Prompts.solo(task))));
        return out;
    }
}
