package dev.daxscope.scenario;

import java.util.List;
import java.util.Map;

/**
 * One parsed statement. {@code subject} is the process name for process statements (else
 * null), {@code verb} the keyword, {@code args} the positional arguments, {@code options} the
 * {@code KEY=VALUE} arguments (values already converted where the page defines a type),
 * {@code flags} bare words such as {@code rw} or {@code populate}, {@code binds} the name after
 * {@code as}.
 */
public record Statement(String file, int line, String text, String subject, String verb, List<Token> args,
                        Map<String, Token> options, List<String> flags, String binds, Expectation expectation) {

    public String arg(int i) {
        return args.get(i).text();
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    public String where() {
        return file + ":" + line;
    }
}
