package dev.assay.agent.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.agent.action.Action;
import dev.assay.agent.action.ActionDecoder;
import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Risk;
import dev.assay.agent.policy.Policy;
import dev.assay.core.CanonicalJson;
import dev.assay.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignatureTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static String sign(KeyPair keys, ObjectNode action) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(keys.getPrivate());
        s.update((Action.SIGNED_TAG + CanonicalJson.text(action)).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    static String rawKey(KeyPair keys) {
        byte[] spki = keys.getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    @Test
    void signedActionsVerifyAndTamperedOrUnsignedOnesDoNot() throws Exception {
        KeyPair builder = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Guard g = new Guard(Policy.parse("agents:\n  requireSignature: true\n  keys:\n    builder: " + rawKey(builder)
                + "\n    other: \"" + Base64.getEncoder().encodeToString(other.getPublic().getEncoded()) + "\"\n"));
        ObjectNode action = (ObjectNode) JSON.readTree("{\"type\": \"function\", \"agent\": \"builder\", \"function\": {\"name\": \"bash\", \"arguments\": \"{\\\"command\\\": \\\"ls\\\"}\"}}");
        ObjectNode signed = action.deepCopy().put("signature", sign(builder, action));
        assertThat(g.decide(ActionDecoder.decode(signed.toString())).decision()).isEqualTo(Decision.ALLOW);
        // the same JSON with its keys in another order is the same signed message
        String reordered = "{\"signature\": \"" + signed.get("signature").asText() + "\", \"function\": {\"arguments\": \"{\\\"command\\\": \\\"ls\\\"}\", \"name\": \"bash\"}, \"agent\": \"builder\", \"type\": \"function\"}";
        assertThat(g.decide(ActionDecoder.decode(reordered)).decision()).isEqualTo(Decision.ALLOW);
        ObjectNode tampered = signed.deepCopy();
        ((ObjectNode) tampered.get("function")).put("arguments", "{\"command\": \"rm -rf build\"}");
        Verdict t = g.decide(ActionDecoder.decode(tampered.toString()));
        assertThat(t.decision()).isEqualTo(Decision.DENY);
        assertThat(t.findings()).anySatisfy(f -> assertThat(f.evidence()).isEqualTo("the signature does not verify with the key of agent builder"));
        ObjectNode wrongKey = action.deepCopy().put("agent", "other");
        wrongKey.put("signature", sign(builder, wrongKey));
        assertThat(g.decide(ActionDecoder.decode(wrongKey.toString())).decision()).isEqualTo(Decision.DENY);
        Verdict unsigned = g.decide(ActionDecoder.decode(action.toString()));
        assertThat(unsigned.findings()).anySatisfy(f -> assertThat(f.risk()).isEqualTo(Risk.SIGNATURE));
        assertThat(unsigned.decision()).isEqualTo(Decision.DENY);
        assertThat(g.decide(ActionDecoder.decode(action.deepCopy().put("signature", "not base64!").toString())).decision()).isEqualTo(Decision.DENY);
    }

    @Test
    void withoutARequirementAnUnknownSignerIsEscalatedAndUnsignedActionsPass() throws Exception {
        KeyPair k = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Guard g = new Guard(Policy.defaults());
        ObjectNode action = (ObjectNode) JSON.readTree("{\"kind\": \"shell\", \"command\": \"ls\", \"agent\": \"x\"}");
        assertThat(g.decide(ActionDecoder.decode(action.toString())).decision()).isEqualTo(Decision.ALLOW);
        assertThat(g.decide(ActionDecoder.decode(action.deepCopy().put("signature", sign(k, action)).toString())).decision()).isEqualTo(Decision.ESCALATE);
    }

    @Test
    void aBadKeyInThePolicyIsNamed() {
        assertThatThrownBy(() -> Policy.parse("agents:\n  keys:\n    a: abc\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("agents.keys.a").hasMessageContaining("not an Ed25519 public key");
    }
}
