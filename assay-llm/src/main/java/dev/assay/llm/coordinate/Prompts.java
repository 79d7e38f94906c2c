package dev.assay.llm.coordinate;

import java.util.List;

/** The user messages of every step, in one place (tests build recordings from them). */
final class Prompts {
    /** Version of these texts and of the judge's instructions; part of the judge's version. */
    static final String VERSION = "2";

    static final String JUDGE_SYSTEM = "You are an impartial judge comparing two answers to the same question. Reply with one JSON object and"
            + " nothing else: {\"winner\": \"A\" | \"B\" | \"tie\", \"score_a\": 0..10, \"score_b\": 0..10}.";

    static final String RATE_SYSTEM = "You are an impartial judge grading one answer to a question. Reply with one JSON object and nothing"
            + " else: {\"score\": 0..10}.";

    private Prompts() {}

    /** An agent working alone on the task. */
    static String solo(Task task) {
        return task.prompt();
    }

    /** An agent of a sequential chain refining the answer before it. */
    static String refine(Task task, String previous) {
        return task.prompt() + "\n\nA previous agent answered:\n" + previous
                + "\n\nCheck this answer, correct any mistake and improve it. " + AgentSpec.ANSWER_FORMAT;
    }

    /** A debater seeing the other agents' answers of the previous round ({@code others} as name and reply). */
    static String debate(Task task, List<String[]> others) {
        StringBuilder b = new StringBuilder(task.prompt()).append("\n\nThe other agents answered:");
        for (String[] o : others) b.append("\n\n[").append(o[0]).append("]\n").append(o[1]);
        return b.append("\n\nWeigh their reasoning against yours and give your updated answer. ").append(AgentSpec.ANSWER_FORMAT).toString();
    }

    /** The aggregator agent of a parallel run, given every agent's reply. */
    static String aggregate(Task task, List<String> replies) {
        StringBuilder b = new StringBuilder(task.prompt()).append("\n\nCandidate answers:");
        for (int i = 0; i < replies.size(); i++) b.append("\n\n(").append(i + 1).append(")\n").append(replies.get(i));
        return b.append("\n\nCombine the candidates into the single best answer. ").append(AgentSpec.ANSWER_FORMAT).toString();
    }

    /** The judge grading {@code answer} on its own, against the task's reference answer when it has one. */
    static String rate(Task task, String answer) {
        StringBuilder b = new StringBuilder("Question:\n").append(task.prompt());
        task.reference().ifPresent(r -> b.append("\n\nReference answer:\n").append(r));
        return b.append("\n\nAnswer to grade:\n").append(answer)
                .append("\n\nGrade the answer from 0 (wrong or useless) to 10 (correct, complete and clear)")
                .append(task.reference().isPresent() ? ", judging correctness against the reference answer" : "")
                .append(". Reply with JSON only: {\"score\": 0..10}").toString();
    }

    /** The judge comparing answer {@code a} with answer {@code b}. */
    static String judge(Task task, String a, String b) {
        return "Question:\n" + task.prompt() + "\n\nAnswer A:\n" + a + "\n\nAnswer B:\n" + b
                + "\n\nWhich answer is better? Reply with JSON only: {\"winner\": \"A\" | \"B\" | \"tie\", \"score_a\": 0..10, \"score_b\": 0..10}";
    }
}
