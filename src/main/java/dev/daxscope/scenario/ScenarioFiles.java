package dev.daxscope.scenario;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a script file, turning I/O and encoding problems into a located {@link ScenarioError}.
 * A script is read as the files of a tree are: a regular file only (a FIFO would block, a link to
 * /dev/zero never ends) and at most {@link #MAX_BYTES}.
 */
public final class ScenarioFiles {
    /** 32 MiB: 800,000 statements of 40 bytes; the longest benchmark script is 4 MB. */
    public static final int MAX_BYTES = 32 << 20;

    private ScenarioFiles() {
    }

    public static Scenario load(Path path) throws ScenarioError {
        String name = path.toString();
        byte[] bytes;
        try {
            bytes = dev.daxscope.linux.BoundedFileReader.bytes(path, MAX_BYTES);
        } catch (IOException e) {
            throw new ScenarioError(name, 0, 0, "cannot read file: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int line = 1;
            int col = 1;
            int bad = firstInvalidUtf8(bytes);
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            throw new ScenarioError(name, line, col, "not UTF-8 text (binary data?)");
        }
        // Editors on some systems start UTF-8 files with a byte-order mark; it is not part of the script.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Scenario scenario = ScenarioParser.parse(name, text);
        if (scenario.statements().isEmpty()) {
            throw new ScenarioError(name, 1, 1, "nothing to run: the script has no statements");
        }
        return scenario;
    }

    /** Index of the first byte that does not start or continue a valid UTF-8 sequence. */
    private static int firstInvalidUtf8(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
            if (len == 0 || i + len > b.length) {
                return i;
            }
            for (int k = 1; k < len; k++) {
                if ((b[i + k] & 0xc0) != 0x80) {
                    return i;
                }
            }
            i += len;
        }
        return 0;
    }
}
