package dev.assay.flink;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.response.ResponseLog;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Reads one response log into its non-blank lines, in file order, with the line boundaries, blank-line rule,
 * gzip handling and line length limit of {@link ResponseLog#read}, so the lines parsed downstream are exactly the
 * responses a single machine reads. Hashes the stored bytes on the way and emits the {@link FileDigest} on
 * {@link #DIGESTS}. One file is read by one subtask; files are spread over the subtasks.
 */
final class ReadLines extends ProcessFunction<LogFile, LogLine> {
    /** The side output of file digests. */
    static final OutputTag<FileDigest> DIGESTS = new OutputTag<>("file-digests", TypeInformation.of(FileDigest.class));

    private final int maxLineBytes;

    ReadLines(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void processElement(LogFile file, Context ctx, Collector<LogLine> out) throws IOException {
        Path path = new Path(file.path());
        MessageDigest sha = sha256();
        long lines = 0;
        try (InputStream raw = path.getFileSystem().open(path)) {
            InputStream hashed = new BufferedInputStream(new DigestInputStream(raw, sha), 1 << 16);
            InputStream in = path.getName().endsWith(".gz") ? new GZIPInputStream(hashed, 1 << 16) : hashed;
            ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
            boolean any = false;
            while (true) {
                int b = in.read();
                if (b == -1 && !any) break;
                if (b == '\n' || b == -1) {
                    lines++;
                    byte[] bytes = line.toByteArray();
                    if (!isBlank(bytes)) out.collect(new LogLine(file.index(), lines, bytes));
                    line.reset();
                    any = false;
                    if (b == -1) break;
                    continue;
                }
                any = true;
                if (line.size() >= maxLineBytes) {
                    throw new InvalidInputException(file.path() + ":" + (lines + 1) + ": line is longer than " + maxLineBytes + " bytes");
                }
                line.write(b);
            }
            hashed.transferTo(OutputStream.nullOutputStream());
        } catch (java.io.FileNotFoundException e) {
            throw new InvalidInputException("response log " + file.path() + " does not exist");
        } catch (java.util.zip.ZipException e) {
            throw new InvalidInputException(file.path() + ": not a gzip file (" + e.getMessage() + ")");
        }
        ctx.output(DIGESTS, new FileDigest(file.index(), HexFormat.of().formatHex(sha.digest()), lines));
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte x : bytes) {
            if (x != ' ' && x != '\t' && x != '\r') return false;
        }
        return true;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
