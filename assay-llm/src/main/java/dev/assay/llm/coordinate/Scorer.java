package dev.assay.llm.coordinate;

import dev.assay.core.InvalidInputException;

/** Quality of a reply to a task on its own, in [0, 1], for tasks whose answers can be checked without a judge. */
public interface Scorer {
    /** The quality of {@code reply} as an answer to {@code task}, in [0, 1]. */
    double score(Task task, String reply);

    /** A name recorded with results. */
    String name();

    /** 1 when the reply's normalised final answer equals the task's normalised reference ({@link Answers}), else 0. */
    static Scorer exactMatch() {
        return new Scorer() {
            @Override
            public double score(Task task, String reply) {
                String reference = task.reference()
                        .orElseThrow(() -> new InvalidInputException("the exact-match scorer needs a reference answer for task '" + clip(task.prompt()) + "'"));
                return Answers.normalised(reply).equals(Answers.normalised(reference)) ? 1 : 0;
            }

            @Override
            public String name() {
                return "exact-match";
            }
        };
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
