package dev.assay.cli.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.agent.command.Finding;
import dev.assay.agent.guard.Verdict;

/** The JSON form of a verdict, shared by the agent commands. */
final class Verdicts {
    private Verdicts() {}

    static ObjectNode json(Verdict v) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("decision", v.decision().name());
        o.put("kind", v.action().kind().name());
        o.put("tool", v.action().tool());
        o.put("target", v.action().target());
        if (v.action().agent() != null) o.put("agent", v.action().agent());
        if (v.learned() != null) o.put("learned", v.learned());
        ArrayNode fs = o.putArray("findings");
        for (Finding f : v.findings()) {
            ObjectNode x = fs.addObject();
            x.put("risk", f.risk().name());
            x.put("decision", f.decision().name());
            x.put("evidence", f.evidence());
        }
        return o;
    }
}
