package dev.daxscope.scenario;

import static dev.daxscope.scenario.ScriptLexer.shown;

import dev.daxscope.scenario.Syntax.NameKind;
import java.util.HashMap;
import java.util.Map;

/** The names a script binds (one namespace, scenario-language §1): each bound once, before any use. */
final class Names {
    private final String file;
    private final Map<String, NameKind> bound = new HashMap<>();

    Names(String file) {
        this.file = file;
    }

    void bind(int lineNo, Token t, NameKind kind) throws ScenarioError {
        if (t.quoted() || !isName(t.text())) {
            throw new ScenarioError(file, lineNo, t.column(), "'" + shown(t.text()) + "' is not a name ([A-Za-z_][A-Za-z0-9_]*)");
        }
        if (Syntax.KEYWORDS.contains(t.text())) {
            throw new ScenarioError(file, lineNo, t.column(), "'" + t.text() + "' is a reserved keyword and cannot be a name");
        }
        if (bound.containsKey(t.text())) {
            throw new ScenarioError(file, lineNo, t.column(), "name '" + t.text() + "' is already bound");
        }
        bound.put(t.text(), kind);
    }

    /** {@code [A-Za-z_][A-Za-z0-9_]*}. */
    static boolean isName(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** The name {@code t} holds, checked to be bound, and as a {@code kind}. */
    String require(int lineNo, Token t, NameKind kind) throws ScenarioError {
        NameKind k = bound.get(t.text());
        if (k == null) {
            throw new ScenarioError(file, lineNo, t.column(), (kind == NameKind.PROCESS ? "unknown statement or process '"
                    : "unknown name '") + shown(t.text()) + "'" + (kind == NameKind.PROCESS
                    ? " (processes are created with spawn)" : " (not bound on an earlier line)"));
        }
        if (k != kind) {
            throw new ScenarioError(file, lineNo, t.column(), "'" + t.text() + "' is a " + k.name().toLowerCase() + " name, not a "
                    + kind.name().toLowerCase() + " name");
        }
        return t.text();
    }
}
