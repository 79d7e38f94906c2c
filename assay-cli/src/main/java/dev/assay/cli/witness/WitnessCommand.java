package dev.assay.cli.witness;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.core.AssayException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.tlog.CosignerKey;
import dev.assay.core.tlog.NoteKey;
import dev.assay.core.tlog.Witness;
import dev.assay.server.witness.WitnessServer;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code assay witness init|serve}: run a C2SP {@code tlog-witness} that cosigns logs' checkpoints. */
@Command(name = "witness", description = "Run a transparency-log witness (C2SP tlog-witness) that cosigns checkpoints.",
        subcommands = {WitnessCommand.Init.class, WitnessCommand.Serve.class},
        footer = {ExitCodes.EXAMPLE,
                "  assay witness init --key-file witness.key --name witness.example/w1",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  2   no subcommand, or bad usage or input",
                ExitCodes.HELP_INTERNAL})
public final class WitnessCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: init or serve");
    }

    /** {@code assay witness init}: writes a new cosigner key (mode 600) and prints its verifier key. */
    @Command(name = "init", description = {"Generate a witness key: write the signer key to --key-file (mode 600, never"
            + " overwritten) and print the verifier key (vkey, type 4) that logs and clients configure."},
            footer = {ExitCodes.EXAMPLE,
                    "  assay witness init --key-file witness.key --name witness.example/w1",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    "  2   bad usage, or the key file exists already",
                    ExitCodes.HELP_INTERNAL})
    public static final class Init implements Callable<Integer> {
        @Option(names = "--key-file", required = true, paramLabel = "PATH", description = "Where to write the signer key")
        String keyFile;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "The witness's name, a schema-less URL such as witness.example/w1")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.of(spec);
            CosignerKey key = CosignerKey.generate(name, new SecureRandom());
            Path file = Path.of(keyFile);
            try {
                if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix"))
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                else Files.createFile(file);
                Files.writeString(file, key.signerKey() + "\n", StandardCharsets.UTF_8);
            } catch (FileAlreadyExistsException e) {
                throw new InvalidInputException("--key-file " + keyFile + " exists already; a witness key is never overwritten");
            } catch (NoSuchFileException e) {
                throw new InvalidInputException("--key-file " + keyFile + ": its directory does not exist");
            } catch (IOException e) {
                throw new AssayException("cannot write --key-file " + keyFile + ": " + e.getMessage(), e);
            }
            ctx.out().println(key.verifierKey());
            ctx.out().flush();
            return ExitCodes.OK;
        }
    }

    /** {@code assay witness serve}: the witness's HTTP server until SIGTERM/SIGINT. */
    @Command(name = "serve", description = {"Serve POST /add-checkpoint (C2SP tlog-witness) for the given logs until SIGTERM"
            + " or SIGINT, keeping the latest cosigned checkpoint of each log in --state."},
            footer = {ExitCodes.EXAMPLE,
                    "  assay witness serve --key-file witness.key --state ./witness-state \\",
                    "      --log 'assay.ledger/1a2b3c4d=assay.ledger/1a2b3c4d+1a2b3c4d+AQ...'",
                    ExitCodes.HELP,
                    "  0   stopped by SIGTERM or SIGINT",
                    ExitCodes.HELP_USAGE,
                    "  70  the state directory failed or the port could not be bound: one line on stderr"})
    public static final class Serve implements Callable<Integer> {
        @Option(names = "--key-file", required = true, paramLabel = "KEY", description = "The witness's signer key, as 'init' wrote it")
        Path keyFile;

        @Option(names = "--state", required = true, paramLabel = "DIR", description = "Directory of the witness's state (created if missing)")
        String state;

        @Option(names = "--log", paramLabel = "ORIGIN=VKEY", description = {"A log to witness: its origin and its checkpoint"
                + " verifier key; the VKEY alone means the origin is the key's name. Repeatable"})
        List<String> logs = new ArrayList<>();

        @Option(names = "--logs-file", paramLabel = "FILE", description = "A file of logs, one ORIGIN=VKEY (or VKEY) a line;"
                + " blank lines and lines starting with # are skipped")
        Path logsFile;

        @Option(names = "--bind", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Bind address")
        String bind;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "7380", description = "Port, 0 for any free one")
        int port;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            CliContext ctx = CliContext.of(spec);
            Map<String, List<NoteKey>> known = new LinkedHashMap<>();
            if (logsFile != null) {
                String text = readText(logsFile, "--logs-file");
                int n = 0;
                for (String line : text.split("\n")) {
                    n++;
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#")) continue;
                    try {
                        addLog(known, l);
                    } catch (InvalidInputException e) {
                        throw new InvalidInputException("--logs-file " + logsFile + " line " + n + ": " + e.getMessage());
                    }
                }
                if (known.isEmpty()) throw new InvalidInputException("--logs-file " + logsFile + " names no log");
            }
            CosignerKey key;
            try {
                key = CosignerKey.parseSigner(readText(keyFile, "--key-file").strip());
            } catch (InvalidInputException e) {
                throw e.getMessage().contains(keyFile.toString()) ? e
                        : new InvalidInputException("--key-file " + keyFile + " is not a witness signer key: " + e.getMessage());
            }
            for (String l : logs) {
                try {
                    addLog(known, l);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("--log '" + l + "': " + e.getMessage());
                }
            }
            if (known.isEmpty()) throw new InvalidInputException("no log to witness: give --log ORIGIN=VKEY or --logs-file FILE");
            if (port < 0 || port > 65535) throw new InvalidInputException("--port must be 0 to 65535, but was " + port);
            Witness witness = Witness.open(key, known, Path.of(state), ctx.clock());
            WitnessServer server;
            try {
                server = WitnessServer.create(witness, bind, port).start();
            } catch (RuntimeException e) {
                witness.close();
                throw e;
            }
            ctx.out().println("witness " + key.verifierKey() + " listening on " + server.uri() + " for " + known.size()
                    + (known.size() == 1 ? " log" : " logs"));
            ctx.out().flush();
            server.stopOnShutdown();
            server.awaitStop();
            return ExitCodes.OK;
        }

        static void addLog(Map<String, List<NoteKey>> known, String spec) {
            String origin;
            NoteKey key;
            int eq = spec.indexOf('=');
            int plus = spec.indexOf('+');
            if (eq >= 0 && (plus < 0 || eq < plus)) {
                origin = spec.substring(0, eq);
                key = NoteKey.parseVerifier(spec.substring(eq + 1));
            } else {
                key = NoteKey.parseVerifier(spec);
                origin = key.name();
            }
            if (origin.isBlank() || !origin.strip().equals(origin)) throw new InvalidInputException("the origin is empty or has surrounding spaces");
            known.computeIfAbsent(origin, o -> new ArrayList<>()).add(key);
        }

        private static String readText(Path file, String option) {
            byte[] b;
            try {
                b = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new InvalidInputException(option + " " + file + " does not exist");
            } catch (IOException e) {
                throw new InvalidInputException("cannot read " + option + " " + file + ": " + e.getMessage());
            }
            if (b.length == 0) throw new InvalidInputException(option + " " + file + " is empty");
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new InvalidInputException(option + " " + file + " is not UTF-8 text");
            }
        }
    }
}
