package dev.assay.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Pins the ledger's canonical encoding to values computed independently, so that the
 * format cannot change silently. The expected hashes were computed with Python's hashlib
 * from the encoding the class Javadoc defines:
 * <pre>
 * def field(s): b = s.encode('utf-8'); return str(len(b)).encode() + b':' + b + b'\n'
 * def entry_hash(*fields): return hashlib.sha256(b'assay-ledger/1\n' + b''.join(field(f) for f in fields)).hexdigest()
 * entry_hash('7', '2026-11-22T10:00:00.123Z', 'ranking.release.decision', 'ranker/v2',
 *            '{"a":1,"b":[true,null,"é"],"z":{"x":0.5}}', 'ab' * 32, '0123456789abcdef')
 * entry_hash('1', '1970-01-01T00:00:00Z', 'k', 's', '{}', '0' * 64, 'ffffffffffffffff')
 * </pre>
 */
class CanonicalTest {
    @Test
    void entryHash_matchesAnIndependentImplementation() {
        assertThat(Canonical.entryHash(7, "2026-11-22T10:00:00.123Z", "ranking.release.decision", "ranker/v2",
                "{\"a\":1,\"b\":[true,null,\"é\"],\"z\":{\"x\":0.5}}", "ab".repeat(32), "0123456789abcdef"))
                .isEqualTo("0aac3580b4f7ad667958c3dc9c595d10ee5fc40697f33d14a5c91bda8dd62d4e");
        assertThat(Canonical.entryHash(1, "1970-01-01T00:00:00Z", "k", "s", "{}", Canonical.GENESIS_HASH, "ffffffffffffffff"))
                .isEqualTo("66f0c0168c36cf9e832bca2fe5facab9c2f956e2ad29f3d63a49b019b0d452e3");
    }

    @Test
    void payload_sortsKeysAtEveryLevelWithoutWhitespace() throws Exception {
        var node = new ObjectMapper().readTree("{ \"z\": {\"y\": 1, \"x\": 0.5}, \"b\": [true, null, \"é\"], \"a\": 1 }");
        assertThat(Canonical.payload(node)).isEqualTo("{\"a\":1,\"b\":[true,null,\"é\"],\"z\":{\"x\":0.5,\"y\":1}}");
    }

    @Test
    void headMessage_isTheTaggedSeqAndHash() {
        assertThat(new String(Canonical.headMessage(12, "cd".repeat(32)), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("assay-ledger-head/1\n12:" + "cd".repeat(32));
    }
}
