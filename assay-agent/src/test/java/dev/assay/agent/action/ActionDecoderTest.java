package dev.assay.agent.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ActionDecoderTest {
    @Test
    void readsAssaysOwnShape() {
        Action a = ActionDecoder.decode("{\"kind\": \"shell\", \"command\": \"ls -la\", \"agent\": \"a1\", \"goal\": \"list\", \"context\": [\"user: list files\", {\"tool\": \"x\"}]}");
        assertThat(a.kind()).isEqualTo(Action.Kind.SHELL);
        assertThat(a.target()).isEqualTo("ls -la");
        assertThat(a.agent()).isEqualTo("a1");
        assertThat(a.context()).containsExactly("user: list files", "{\"tool\":\"x\"}");
        Action w = ActionDecoder.decode("{\"kind\": \"file_write\", \"path\": \"a.txt\", \"content\": \"hi\"}");
        assertThat(w.kind()).isEqualTo(Action.Kind.FILE_WRITE);
        assertThat(w.arguments().get("content").asText()).isEqualTo("hi");
        assertThat(ActionDecoder.decode("{\"kind\": \"http\", \"url\": \"https://x.dev\", \"method\": \"POST\"}").arguments().get("method").asText()).isEqualTo("POST");
        assertThat(ActionDecoder.decode("{\"kind\": \"tool\", \"tool\": \"send_email\", \"arguments\": {\"to\": \"a@b\"}}").kind()).isEqualTo(Action.Kind.TOOL);
    }

    @Test
    void readsOpenAiToolCallsAndTypesThemByTool() {
        Action a = ActionDecoder.decode("{\"id\": \"call_1\", \"type\": \"function\", \"function\": {\"name\": \"run_shell_command\", \"arguments\": \"{\\\"command\\\": \\\"rm -rf /\\\"}\"}}");
        assertThat(a.kind()).isEqualTo(Action.Kind.SHELL);
        assertThat(a.tool()).isEqualTo("run_shell_command");
        assertThat(a.target()).isEqualTo("rm -rf /");
        assertThat(ActionDecoder.decode("{\"function\": {\"name\": \"read_file\", \"arguments\": {\"path\": \"/etc/hosts\"}}}").kind()).isEqualTo(Action.Kind.FILE_READ);
        assertThat(ActionDecoder.decode("{\"function\": {\"name\": \"write_file\", \"arguments\": {\"file_path\": \"x\", \"content\": \"y\"}}}").kind()).isEqualTo(Action.Kind.FILE_WRITE);
        assertThat(ActionDecoder.decode("{\"function\": {\"name\": \"delete_file\", \"arguments\": {\"path\": \"x\"}}}").kind()).isEqualTo(Action.Kind.FILE_DELETE);
        assertThat(ActionDecoder.decode("{\"function\": {\"name\": \"fetch\", \"arguments\": {\"url\": \"http://x\"}}}").kind()).isEqualTo(Action.Kind.HTTP);
        Action generic = ActionDecoder.decode("{\"function\": {\"name\": \"GmailSendEmail\", \"arguments\": \"{\\\"to\\\": \\\"x@y\\\"}\"}}");
        assertThat(generic.kind()).isEqualTo(Action.Kind.TOOL);
        assertThat(generic.target()).isEqualTo("GmailSendEmail");
    }

    @Test
    void readsMcpToolsCall() {
        Action a = ActionDecoder.decode("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"tools/call\", \"params\": {\"name\": \"bash\", \"arguments\": {\"command\": \"id\"}}}");
        assertThat(a.kind()).isEqualTo(Action.Kind.SHELL);
        assertThat(a.target()).isEqualTo("id");
        assertThatThrownBy(() -> ActionDecoder.decode("{\"jsonrpc\": \"2.0\", \"method\": \"tools/list\", \"params\": {}}"))
                .hasMessage("an MCP request with method tools/list is not an action; only tools/call is");
    }

    @Test
    void badInputIsRefusedNamingTheProblem() {
        assertThatThrownBy(() -> ActionDecoder.decode("")).isInstanceOf(InvalidInputException.class).hasMessage("no action: the input is empty");
        assertThatThrownBy(() -> ActionDecoder.decode("[1]")).hasMessage("an action must be a JSON object");
        assertThatThrownBy(() -> ActionDecoder.decode("{\"x\": 1}")).hasMessageStartingWith("not an action: expected a kind");
        assertThatThrownBy(() -> ActionDecoder.decode("{\"kind\": \"shell\"}")).hasMessage("field command is required");
        assertThatThrownBy(() -> ActionDecoder.decode("{\"kind\": \"teleport\", \"command\": \"x\"}")).hasMessageStartingWith("unknown action kind 'teleport'");
        assertThatThrownBy(() -> ActionDecoder.decode("{\"kind\": \"shell\", \"command\": \"x\", \"colour\": 1}")).hasMessage("unknown field 'colour' in an action");
        assertThatThrownBy(() -> ActionDecoder.decode("{\"function\": {\"name\": \"bash\", \"arguments\": \"{not json\"}}"))
                .hasMessageStartingWith("function.arguments is a string but not valid JSON");
        assertThatThrownBy(() -> ActionDecoder.decode("{\"kind\": \"shell\", \"command\": 3}")).hasMessage("command must be a string");
        assertThatThrownBy(() -> ActionDecoder.decode("[".repeat(100) + "]".repeat(100))).hasMessageStartingWith("the action is not valid JSON");
        assertThatThrownBy(() -> ActionDecoder.decode("{\"kind\": \"shell\", \"command\": \"" + "a".repeat(ActionDecoder.MAX_BYTES) + "\"}"))
                .hasMessageContaining("at most " + ActionDecoder.MAX_BYTES);
    }

    @Property(tries = 1000)
    void junkNeverEscapesAsAnythingButInvalidInput(@ForAll String junk) {
        try {
            ActionDecoder.decode(junk);
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
