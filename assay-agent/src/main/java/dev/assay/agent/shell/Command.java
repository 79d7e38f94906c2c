package dev.assay.agent.shell;

import java.util.List;

/** One command of a pipeline. */
public sealed interface Command {
    /** Its redirections. */
    List<Redirect> redirects();

    /** {@code NAME=value ... word ... redirections}: the words are the program and its arguments, quoting resolved. */
    record Simple(List<Word> assignments, List<Word> words, List<Redirect> redirects) implements Command {
        public Simple {
            assignments = List.copyOf(assignments);
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
        }
    }

    /**
     * A compound command: a subshell {@code ( ... )}, a group {@code { ...; }}, or the body of {@code if},
     * {@code while}, {@code until} or {@code case} (conditions and branches in order, patterns left out);
     * {@code kind} names which; {@code words} are words it expands without running them (the subject of a
     * {@code case}, the expression of {@code ((...))} or {@code [[...]]}).
     */
    record Compound(String kind, List<Word> words, Script body, List<Redirect> redirects) implements Command {
        public Compound {
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
        }
    }

    /** {@code for NAME in items; do body; done} (items empty for {@code for NAME; do}). */
    record For(String variable, List<Word> items, Script body, List<Redirect> redirects) implements Command {
        public For {
            items = List.copyOf(items);
            redirects = List.copyOf(redirects);
        }
    }

    /** {@code name() body} or {@code function name body}. */
    record Function(String name, Command body, List<Redirect> redirects) implements Command {
        public Function {
            redirects = List.copyOf(redirects);
        }
    }
}
