package dev.assay.fingerprint.encode;

import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scalar features of a response, all integers so that their sums in a signature are exact and merge
 * associatively: UTF-8 bytes, lines, words, tool calls, distinct tools, whether it refuses, fenced code blocks,
 * whether it is empty.
 */
public final class Features {
    /** The features, in order. */
    public enum Feature { BYTES, LINES, WORDS, TOOL_CALLS, DISTINCT_TOOLS, REFUSAL, CODE_BLOCKS, EMPTY }

    public static final int COUNT = Feature.values().length;
    /** Feature names as written in reports and signatures. */
    public static final List<String> NAMES = java.util.Arrays.stream(Feature.values())
            .map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).toList();

    /** Openings of a refusal, in English: a response whose first 300 characters match one is a refusal. */
    private static final Pattern REFUSAL = Pattern.compile(
            "(?i)\\b(I can(?:no|')t (?:help|assist|do|comply|provide|fulfil)|I(?: a|')m (?:sorry|unable|not able)"
                    + "|I am (?:sorry|unable|not able)|I won't|I will not|as an AI|I must decline|I apologi[sz]e, but)");

    private Features() {}

    /** The features of {@code r}. */
    public static long[] of(Response r) {
        String text = r.text();
        long[] f = new long[COUNT];
        f[Feature.BYTES.ordinal()] = text.getBytes(StandardCharsets.UTF_8).length;
        f[Feature.LINES.ordinal()] = text.isEmpty() ? 0 : text.lines().count();
        f[Feature.WORDS.ordinal()] = words(text);
        List<ToolCall> calls = r.toolCalls();
        f[Feature.TOOL_CALLS.ordinal()] = calls.size();
        Set<String> names = new HashSet<>();
        for (ToolCall c : calls) names.add(c.name());
        f[Feature.DISTINCT_TOOLS.ordinal()] = names.size();
        String head = text.length() > 300 ? text.substring(0, 300) : text;
        f[Feature.REFUSAL.ordinal()] = REFUSAL.matcher(head).find() ? 1 : 0;
        f[Feature.CODE_BLOCKS.ordinal()] = countFences(text) / 2;
        f[Feature.EMPTY.ordinal()] = r.isEmpty() ? 1 : 0;
        return f;
    }

    private static long words(String text) {
        long n = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); i++) {
            boolean ws = Character.isWhitespace(text.charAt(i));
            if (!ws && !in) n++;
            in = !ws;
        }
        return n;
    }

    private static int countFences(String text) {
        int n = 0;
        for (int i = text.indexOf("```"); i >= 0; i = text.indexOf("```", i + 3)) n++;
        return n;
    }
}
