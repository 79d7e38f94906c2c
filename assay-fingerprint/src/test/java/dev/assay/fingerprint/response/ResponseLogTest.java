package dev.assay.fingerprint.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseLogTest {
    @TempDir Path dir;

    private static ResponseLog.Report read(String text, ResponseLog.Options options, List<Response> out) throws IOException {
        return ResponseLog.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "log.jsonl", options, out::add);
    }

    @Test
    void readsTheFieldsAndTheToolCallsWrittenInTheText() throws IOException {
        List<Response> out = new ArrayList<>();
        var report = read("""
                {"model": "m1", "prompt_id": "p1", "prompt": "pay the bill", "response": "Sure.\\nCALL read_file {\\"file_path\\": \\"bill.txt\\"}\\nDone."}

                {"prompt_id": 7, "response": ""}
                """, ResponseLog.Options.STRICT, out);
        assertThat(report.lines()).isEqualTo(3);
        assertThat(report.responses()).isEqualTo(2);
        Response r = out.get(0);
        assertThat(r.model()).isEqualTo("m1");
        assertThat(r.prompt()).isEqualTo("pay the bill");
        assertThat(r.toolCalls()).hasSize(1);
        assertThat(r.toolCalls().get(0).name()).isEqualTo("read_file");
        assertThat(r.toolCalls().get(0).arguments().get("file_path").asText()).isEqualTo("bill.txt");
        assertThat(r.prose()).isEqualTo("Sure.\nDone.");
        Response empty = out.get(1);
        assertThat(empty.probeId()).isEqualTo("7");
        assertThat(empty.model()).isNull();
        assertThat(empty.isEmpty()).isTrue();
    }

    @Test
    void readsOpenAiStyleToolCallsAndVectors() throws IOException {
        List<Response> out = new ArrayList<>();
        read("""
                {"prompt_id": "p", "response": "CALL not_this {}", "tool_calls": [{"type": "function", "function": {"name": "send_money", "arguments": "{\\"amount\\": 4.0}"}}, {"name": "ls", "arguments": {"dir": "/"}}], "vector": [0.5, -1, 2e-3]}
                """, ResponseLog.Options.STRICT, out);
        Response r = out.get(0);
        assertThat(r.toolCalls()).extracting(ToolCall::name).containsExactly("send_money", "ls");
        assertThat(r.toolCalls().get(0).arguments().get("amount").asDouble()).isEqualTo(4.0);
        assertThat(r.toolCalls().get(1).argumentsType()).isEqualTo("object");
        assertThat(r.vector()).containsExactly(0.5f, -1f, 0.002f);
    }

    @Test
    void readsTokenLogprobsInTheChatAndCompletionsShapes() {
        String chat = "{\"prompt_id\": 1, \"response\": \"Hi!\", \"logprobs\": {\"content\": ["
                + "{\"token\": \"Hi\", \"logprob\": -0.1, \"top_logprobs\": [{\"token\": \"Hi\", \"logprob\": -0.1}, {\"token\": \"Hello\", \"logprob\": -2.5}]},"
                + "{\"token\": \"!\", \"logprob\": 0.0000004, \"top_logprobs\": []}]}}";
        Response r = ResponseLog.parse(chat);
        assertThat(r.logprobs()).containsExactly(
                new TokenLogprob("Hi", -0.1, List.of(new TokenLogprob.Alternative("Hi", -0.1), new TokenLogprob.Alternative("Hello", -2.5))),
                new TokenLogprob("!", 0.0, List.of()));
        String bare = "{\"prompt_id\": 1, \"response\": \"Hi!\", \"logprobs\": [{\"token\": \"Hi\", \"logprob\": -0.1, "
                + "\"top_logprobs\": [{\"token\": \"Hi\", \"logprob\": -0.1}, {\"token\": \"Hello\", \"logprob\": -2.5}]}, {\"token\": \"!\", \"logprob\": 0}]}";
        assertThat(ResponseLog.parse(bare).logprobs()).isEqualTo(r.logprobs());
        String completions = "{\"prompt_id\": 1, \"response\": \"Hi!\", \"logprobs\": {\"tokens\": [\"<s>\", \"Hi\", \"!\"], "
                + "\"token_logprobs\": [null, -0.1, 0], \"top_logprobs\": [null, {\"Hi\": -0.1, \"Hello\": -2.5}, {}]}}";
        assertThat(ResponseLog.parse(completions).logprobs()).isEqualTo(r.logprobs());
        assertThat(ResponseLog.parse("{\"prompt_id\": 1, \"response\": \"x\"}").logprobs()).isNull();
        assertThat(ResponseLog.parse("{\"prompt_id\": 1, \"response\": \"x\", \"logprobs\": null}").logprobs()).isNull();
    }

    @Test
    void badTokenLogprobsAreRefusedNamingWhere() {
        assertThatThrownBy(() -> ResponseLog.parse("{\"prompt_id\": 1, \"logprobs\": [{\"token\": \"a\", \"logprob\": 0.5}]}"))
                .isInstanceOf(InvalidInputException.class).hasMessage("a token's log-probability is 0.5, but log-probabilities are at most 0");
        assertThatThrownBy(() -> ResponseLog.parse("{\"prompt_id\": 1, \"logprobs\": [{\"token\": \"a\"}]}"))
                .hasMessage("logprobs[0].logprob is missing");
        assertThatThrownBy(() -> ResponseLog.parse("{\"prompt_id\": 1, \"logprobs\": [{\"token\": \"a\", \"logprob\": \"high\"}]}"))
                .hasMessage("logprobs[0].logprob is not a number");
        assertThatThrownBy(() -> ResponseLog.parse("{\"prompt_id\": 1, \"logprobs\": [{\"token\": \"a\", \"logprob\": -1, \"top_logprobs\": 3}]}"))
                .hasMessage("logprobs[0].top_logprobs must be an array");
        assertThatThrownBy(() -> ResponseLog.parse("{\"prompt_id\": 1, \"logprobs\": {\"tokens\": [\"a\"], \"token_logprobs\": [-1, -2]}}"))
                .hasMessage("logprobs.tokens must be an array as long as logprobs.token_logprobs");
        assertThatThrownBy(() -> ResponseLog.parse("{\"prompt_id\": 1, \"logprobs\": \"yes\"}"))
                .hasMessageStartingWith("logprobs must be an array of {token, logprob, top_logprobs}");
        assertThatThrownBy(() -> ResponseLog.parse("{\"prompt_id\": 1, \"logprobs\": [{\"token\": \"a\", \"logprob\": 1e999}]}"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void malformedArgumentsStayAStringBecauseTheMalformationIsBehaviour() {
        ToolCall c = ToolCall.of("f", "{not json");
        assertThat(c.argumentsType()).isEqualTo("string");
        assertThat(c.arguments().asText()).isEqualTo("{not json");
    }

    @Test
    void strictReadingRefusesTheWholeLogNamingTheLine() {
        String log = "{\"prompt_id\": \"a\", \"response\": \"x\"}\n{\"prompt_id\": \"b\", \"response\": \n";
        assertThatThrownBy(() -> read(log, ResponseLog.Options.STRICT, new ArrayList<>()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("log.jsonl:2: not valid JSON");
    }

    @Test
    void skippingReadsTheRestAndReportsEachBadLineByNumber() throws IOException {
        List<Response> out = new ArrayList<>();
        var report = read("""
                {"prompt_id": "a", "response": "x"}
                [1, 2]
                {"response": "no id"}
                {"prompt_id": {"x": 1}}
                {"prompt_id": "b", "response": 3}
                {"prompt_id": "c", "vector": [1, "x"]}
                {"prompt_id": "d", "tool_calls": [{"arguments": {}}]}
                {"prompt_id": "e", "response": "y"}
                """, ResponseLog.Options.SKIP_BAD_LINES, out);
        assertThat(out).extracting(Response::probeId).containsExactly("a", "e");
        assertThat(report.badLineCount()).isEqualTo(6);
        assertThat(report.describeBadLines()).containsExactly(
                "log.jsonl:2: a response must be a JSON object",
                "log.jsonl:3: field prompt_id is required",
                "log.jsonl:4: prompt_id must be a string or an integer, but was {\"x\":1}",
                "log.jsonl:5: response must be a string, but was 3",
                "log.jsonl:6: vector[1] is not a number",
                "log.jsonl:7: tool_calls[0] has no name");
    }

    @Test
    void aHugeLineIsSkippedOverWithoutBeingHeld() throws IOException {
        String huge = "{\"prompt_id\": \"h\", \"response\": \"" + "x".repeat(10_000) + "\"}";
        List<Response> out = new ArrayList<>();
        var report = read(huge + "\n{\"prompt_id\": \"ok\"}\n", new ResponseLog.Options(true, 1024), out);
        assertThat(out).extracting(Response::probeId).containsExactly("ok");
        assertThat(report.describeBadLines()).containsExactly("log.jsonl:1: line is longer than 1024 bytes");
    }

    @Test
    void invalidUtf8IsALineProblem() throws IOException {
        byte[] bytes = {'{', '"', 'p', 'r', 'o', 'm', 'p', 't', '_', 'i', 'd', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'};
        List<Response> out = new ArrayList<>();
        var report = ResponseLog.read(new ByteArrayInputStream(bytes), "log", ResponseLog.Options.SKIP_BAD_LINES, out::add);
        assertThat(report.describeBadLines()).containsExactly("log:1: not UTF-8 text");
    }

    @Test
    void readsGzippedFilesAndNamesAMissingOne() throws IOException {
        Path gz = dir.resolve("r.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write("{\"prompt_id\": \"a\", \"response\": \"hello\"}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(ResponseLog.readAll(gz, ResponseLog.Options.STRICT)).extracting(Response::text).containsExactly("hello");
        assertThatThrownBy(() -> ResponseLog.readAll(dir.resolve("nope.jsonl"), ResponseLog.Options.STRICT))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not exist");
    }
}
