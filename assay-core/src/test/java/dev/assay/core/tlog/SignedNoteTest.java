package dev.assay.core.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signed notes and checkpoints against the Go implementation's published vectors
 * (golang.org/x/mod/sumdb/note, note_test.go, commit fe2ec04, BSD licence): the same keys give
 * the same key hashes, signing gives the same bytes (Ed25519 is deterministic), and its notes
 * open; tampered, re-signed and foreign notes are refused with the reason.
 */
class SignedNoteTest {
    static final String PETER_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String PETER_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String ENOCH_VERIFIER = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    static final String TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    static final String PETER_SIG = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    static final String ENOCH_SIG = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    @Test
    void goVectors_keysHashAndSignAlike() {
        NoteKey signer = NoteKey.parseSigner(PETER_SIGNER);
        NoteKey verifier = NoteKey.parseVerifier(PETER_VERIFIER);
        assertThat(signer.hash()).isEqualTo(0xc74f20a3);
        assertThat(signer.verifierKey()).isEqualTo(PETER_VERIFIER);
        assertThat(SignedNote.sign(TEXT, signer)).isEqualTo(TEXT + "\n" + PETER_SIG);
        SignedNote opened = SignedNote.open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, List.of(verifier));
        assertThat(opened.text()).isEqualTo(TEXT);
        assertThat(opened.signers()).containsExactly("PeterNeumann");
        assertThat(SignedNote.open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, List.of(verifier, NoteKey.parseVerifier(ENOCH_VERIFIER)))
                .signers()).containsExactly("PeterNeumann", "EnochRoot");
    }

    @Test
    void badKeysAndNotes_areRefusedWithTheReason() {
        NoteKey peter = NoteKey.parseVerifier(PETER_VERIFIER);
        assertThatThrownBy(() -> NoteKey.parseVerifier("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("key hash");
        assertThatThrownBy(() -> NoteKey.parseVerifier("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Ed25519");
        String changed = TEXT.replace("answer", "ANSWER") + "\n" + PETER_SIG;
        assertThatThrownBy(() -> SignedNote.open(changed, List.of(peter))).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> SignedNote.open(TEXT + "\n" + ENOCH_SIG, List.of(peter))).hasMessageContaining("no signature of a trusted key");
        assertThatThrownBy(() -> SignedNote.open(TEXT + PETER_SIG, List.of(peter))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SignedNote.open(TEXT + "\n- PeterNeumann abc\n", List.of(peter))).hasMessageContaining("does not start with");
    }

    @Test
    void checkpoints_roundTripAndAreRefusedWhenForgedOrForeign() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        NoteKey log = NoteKey.signer("assay.example/ledger", seed);
        NoteKey verifier = NoteKey.parseVerifier(log.verifierKey());
        Checkpoint c = new Checkpoint("assay.example/ledger", 8, Merkle.root(MerkleTest.referenceLeaves(), 8));
        String note = c.sign(log);
        assertThat(note).startsWith("assay.example/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n\u2014 assay.example/ledger ");
        assertThat(Checkpoint.open(note, "assay.example/ledger", List.of(verifier))).isEqualTo(c);
        assertThatThrownBy(() -> Checkpoint.open(note, "other.example/log", List.of(verifier))).hasMessageContaining("not 'other.example/log'");
        String grown = note.replaceFirst("\n8\n", "\n9\n");
        assertThatThrownBy(() -> Checkpoint.open(grown, "assay.example/ledger", List.of(verifier))).hasMessageContaining("does not verify");
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        String resigned = c.sign(NoteKey.signer("assay.example/ledger", other));
        assertThatThrownBy(() -> Checkpoint.open(resigned, "assay.example/ledger", List.of(verifier)))
                .hasMessageContaining("no signature of a trusted key");
        assertThatThrownBy(() -> Checkpoint.parse("log\n-1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> Checkpoint.parse("log\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")).hasMessageContaining("leading zeros");
        assertThatThrownBy(() -> Checkpoint.parse("log\n8\nAAAA\n")).hasMessageContaining("32 bytes");
    }
}
