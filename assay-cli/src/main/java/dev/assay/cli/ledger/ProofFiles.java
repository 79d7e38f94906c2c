package dev.assay.cli.ledger;

import dev.assay.cli.CliContext;
import dev.assay.core.InvalidInputException;
import dev.assay.core.tlog.proof.TrustedLog;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading and writing the files of the transparency-log commands, and the trusted key options. */
final class ProofFiles {
    private ProofFiles() {}

    /** The UTF-8 text of {@code file}; a missing or unreadable file is bad input naming it. */
    static String read(Path file, String what) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(what + " not found: " + file);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(what + " " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} to stdout, or to {@code out} through a synced temporary file renamed over it. */
    static void write(CliContext ctx, Path out, String text) throws IOException {
        if (out == null) {
            ctx.out().print(text);
            ctx.out().flush();
            return;
        }
        writeAtomically(out, text);
    }

    static void writeAtomically(Path target, String text) throws IOException {
        dev.assay.core.AtomicFiles.replace(target, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The log named by {@code --public-key} or {@code --verifier-key} (at most one), or null when neither is given. */
    static TrustedLog trusted(Path publicKey, String verifierKey) {
        if (publicKey != null && verifierKey != null)
            throw new InvalidInputException("give --public-key or --verifier-key, not both");
        if (publicKey != null) {
            if (!Files.isRegularFile(publicKey)) throw new InvalidInputException("public key file not found: " + publicKey);
            return TrustedLog.ofPublicKeyPem(publicKey);
        }
        if (verifierKey != null) {
            try {
                return TrustedLog.ofVerifierKey(verifierKey);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--verifier-key: " + e.getMessage(), e);
            }
        }
        return null;
    }
}
