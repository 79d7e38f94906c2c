package dev.assay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextLinesTest {
    @TempDir
    Path dir;

    private List<String> read(Path file) {
        return TextLines.read(file, "line", (line, n, where) -> where + " " + line);
    }

    @Test
    void numbersLinesSkipsBlankOnesAndAByteOrderMarkAtTheStart() throws IOException {
        Path f = dir.resolve("a.jsonl");
        Files.write(f, "\uFEFF{\"a\": 1}\n\n  \n{\"b\": \"\uFEFF\"}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(read(f)).containsExactly(f + ":1 {\"a\": 1}", f + ":4 {\"b\": \"\uFEFF\"}");
    }

    @Test
    void refusesWhatItCannotRead() throws IOException {
        Path bad = dir.resolve("latin1.jsonl");
        Files.write(bad, new byte[] {'{', (byte) 0xE9, '}', '\n'});
        assertThatThrownBy(() -> read(bad)).isInstanceOf(InvalidInputException.class).hasMessage(bad + " is not UTF-8 text");
        Path onlyMark = dir.resolve("mark.jsonl");
        Files.write(onlyMark, "\uFEFF\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(onlyMark)).isInstanceOf(InvalidInputException.class).hasMessage(onlyMark + " holds no line");
        assertThatThrownBy(() -> read(dir.resolve("none.jsonl"))).isInstanceOf(InvalidInputException.class).hasMessageEndingWith("does not exist");
        assertThatThrownBy(() -> read(dir)).isInstanceOf(InvalidInputException.class).hasMessageContaining("is a directory");
    }
}
