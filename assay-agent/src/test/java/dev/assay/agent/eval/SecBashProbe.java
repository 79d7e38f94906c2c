package dev.assay.agent.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.agent.command.Assessment;
import dev.assay.agent.command.CommandGuard;
import dev.assay.agent.command.Decision;
import java.nio.file.Path;

/** Prints the guard's decision for every SecBASH command whose decision is not the expected one (a development aid). */
public final class SecBashProbe {
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String f : args) {
            JsonNode root = json.readTree(Path.of(f).toFile());
            int n = 0, blocked = 0, escalated = 0;
            for (JsonNode c : root.get("commands")) {
                n++;
                boolean abusive = !c.has("ground_truth") || c.get("ground_truth").asText().equals("BLOCK");
                Assessment a = CommandGuard.assess(c.get("command").asText());
                if (a.decision() != Decision.ALLOW) blocked++;
                if (a.decision() == Decision.ESCALATE) escalated++;
                boolean wrong = abusive ? a.decision() == Decision.ALLOW : a.decision() != Decision.ALLOW;
                if (wrong) System.out.println((abusive ? "MISS " : "FALSE ") + a.decision() + " " + c.get("command").asText().replace("\n", "\\n") + "  " + a.findings());
            }
            System.out.println(f + ": " + n + " commands, " + blocked + " denied or escalated (" + escalated + " escalated)");
        }
    }
}
