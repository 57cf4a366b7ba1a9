package dev.daxscope.cli;

import dev.daxscope.model.Printable;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * What the command line prints on stderr quotes names users gave it: this writer escapes control
 * and bidi characters as {@link Printable#escape} does, keeping the message's own line breaks and
 * tabs (and surrogate pairs, which arrive one char at a time).
 */
public final class EscapingWriter extends FilterWriter {
    public EscapingWriter(Writer out) {
        super(out);
    }

    @Override
    public void write(int c) throws IOException {
        write(String.valueOf((char) c), 0, 1);
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        write(new String(buf, off, len), 0, len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        StringBuilder b = new StringBuilder(len);
        for (int i = off; i < off + len; i++) {
            char c = s.charAt(i);
            boolean layout = c == '\n' || c == '\r' || c == '\t' || Character.isSurrogate(c);
            b.append(layout ? String.valueOf(c) : Printable.shown(c));
        }
        out.write(b.toString());
    }
}
