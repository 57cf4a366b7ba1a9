package dev.daxscope.scenario;

import static dev.daxscope.scenario.ScriptLexer.shown;
import static dev.daxscope.scenario.ScriptNumbers.parseIntOrNull;
import static dev.daxscope.scenario.ScriptNumbers.parseSizeOrNull;

import dev.daxscope.scenario.Statement.Address;
import dev.daxscope.scenario.Statement.Origin;
import dev.daxscope.scenario.Syntax.NameKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One statement's arguments, split by its {@link Syntax} row into positional tokens,
 * {@code KEY=VALUE} options, flags and {@code as NAME}, with typed readers that check each value
 * and report FILE:LINE:COL where it is wrong.
 */
final class Args {
    final Syntax syntax;
    final Token verb;
    final List<Token> positional = new ArrayList<>();
    final Map<String, Token> options = new LinkedHashMap<>();
    final List<String> flags = new ArrayList<>();
    private final ScenarioParser.LineContext line;
    private Token bindsToken;

    Args(ScenarioParser.LineContext line, Syntax syntax, Token verb, List<Token> rest) throws ScenarioError {
        this.line = line;
        this.syntax = syntax;
        this.verb = verb;
        if (syntax.raw()) {
            positional.addAll(rest);
            return;
        }
        for (int i = 0; i < rest.size(); i++) {
            Token t = rest.get(i);
            if (!t.quoted() && t.text().equals("as")) {
                if (syntax.binds() == null) {
                    throw err(t.column(), "'" + verb.text() + "' does not bind a name with 'as'");
                }
                if (i + 1 >= rest.size()) {
                    throw err(t.column(), "'as' needs a name after it");
                }
                if (i + 2 < rest.size()) {
                    throw err(rest.get(i + 2).column(), "unexpected '" + shown(rest.get(i + 2).text())
                            + "' after 'as " + rest.get(i + 1).text() + "'");
                }
                bindsToken = rest.get(i + 1);
                break;
            }
            int eq = t.text().indexOf('=');
            if (!t.quoted() && eq > 0) {
                String key = t.text().substring(0, eq);
                if (!syntax.options().contains(key)) {
                    throw err(t.column(), "'" + verb.text() + "' has no option '" + shown(key) + "='");
                }
                if (options.containsKey(key)) {
                    throw err(t.column(), "option '" + key + "=' given twice");
                }
                options.put(key, new Token(t.text().substring(eq + 1), t.column() + eq + 1, false));
            } else if (!t.quoted() && syntax.flags().contains(t.text())) {
                flags.add(t.text());
            } else {
                positional.add(t);
            }
        }
    }

    ScenarioError err(int col, String why) {
        return new ScenarioError(line.file(), line.lineNo(), col, why);
    }

    Origin origin() {
        return line.origin();
    }

    // ------------------------------------------------------------------ shape

    /** The row's arity, its usage in the message. */
    void arity() throws ScenarioError {
        arity(syntax.minArgs(), syntax.maxArgs(), syntax.usage());
    }

    void arity(int min, int max, String usage) throws ScenarioError {
        if (positional.size() < min) {
            int col = positional.isEmpty() ? verb.column() + verb.text().length() : ScenarioParser.endColumn(positional);
            throw err(col, "missing argument: usage is '" + usage + "'");
        }
        if (positional.size() > max) {
            Token extra = positional.get(max);
            throw err(extra.column(), "unexpected argument '" + shown(extra.text()) + "': usage is '" + usage + "'");
        }
    }

    void requireOption(String key) throws ScenarioError {
        requireOption(key, syntax.usage());
    }

    void requireOption(String key, String usage) throws ScenarioError {
        if (!options.containsKey(key)) {
            throw err(verb.column(), "missing " + key + "=: usage is '" + usage + "'");
        }
    }

    void requireAs() throws ScenarioError {
        if (bindsToken == null) {
            throw err(verb.column(), "missing 'as NAME': usage is '" + syntax.usage() + "'");
        }
    }

    /** At most one of {@code exclusive} among the flags. */
    void oneOf(String... exclusive) throws ScenarioError {
        int count = 0;
        for (String f : exclusive) {
            count += (int) flags.stream().filter(f::equals).count();
        }
        if (count > 1) {
            throw err(verb.column(), "only one of " + String.join("|", exclusive) + " may be given: usage is '"
                    + syntax.usage() + "'");
        }
    }

    /** Exactly one flag (the row's flags are alternatives), {@code what} naming them in the message. */
    String exactlyOneFlag(String what) throws ScenarioError {
        if (flags.size() != 1) {
            throw err(verb.column(), "exactly one " + what + ": usage is '" + syntax.usage() + "'");
        }
        return flags.get(0);
    }

    Token arg(int i) {
        return positional.get(i);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** The name {@code as} binds (null when none was written). */
    String bound() {
        return bindsToken == null ? null : bindsToken.text();
    }

    // ------------------------------------------------------------------ values

    /** The {@code key=} size, null when not written. */
    Long size(String key) throws ScenarioError {
        Token t = options.get(key);
        if (t == null) {
            return null;
        }
        if (!ScriptNumbers.isSize(t.text())) {
            throw err(t.column(), key + "= needs a size (decimal, 0x hex, optional K/M/G/T), not '" + shown(t.text()) + "'");
        }
        Long v = parseSizeOrNull(t.text());
        if (v == null) {
            throw err(t.column(), key + "=" + shown(t.text()) + " does not fit in 64 bits");
        }
        return v;
    }

    long size(String key, long absent) throws ScenarioError {
        Long v = size(key);
        return v == null ? absent : v;
    }

    /** The {@code key=} integer (negative allowed), null when not written. */
    Long integer(String key) throws ScenarioError {
        Token t = options.get(key);
        return t == null ? null : integer(t, true);
    }

    long integer(Token t, boolean negativeAllowed) throws ScenarioError {
        if (!ScriptNumbers.isInt(t.text()) || (!negativeAllowed && t.text().startsWith("-"))) {
            throw err(t.column(), "'" + shown(t.text()) + "' is not " + (negativeAllowed ? "an integer" : "a non-negative integer"));
        }
        Long v = parseIntOrNull(t.text());
        if (v == null) {
            throw err(t.column(), "'" + shown(t.text()) + "' does not fit in 64 bits");
        }
        return v;
    }

    /** A NUMA node number as the kernel's MAX_NUMNODES allows (1024). */
    int nodeNumber(Token t) throws ScenarioError {
        long node = integer(t, false);
        if (node > 1023) {
            throw err(t.column(), "a node number is 0 to 1023");
        }
        return (int) node;
    }

    /** {@code NAME}, {@code NAME+INT} or {@code INT}, NAME bound by an mmap or mremap. */
    Address address(Token t) throws ScenarioError {
        String s = t.text();
        if (ScriptNumbers.isInt(s) && !s.startsWith("-")) {
            return new Address(s, null, integer(t, false));
        }
        int plus = s.indexOf('+');
        String name = plus < 0 ? s : s.substring(0, plus);
        if (!Names.isName(name)) {
            throw err(t.column(), "'" + shown(s) + "' is not an address (NAME, NAME+INT or INT)");
        }
        name(new Token(name, t.column(), false), NameKind.ADDRESS);
        long offset = plus < 0 ? 0 : integer(new Token(s.substring(plus + 1), t.column() + plus + 1, false), false);
        return new Address(s, name, offset);
    }

    /** An absolute path or {@code @REGION[/...]}. */
    String path(Token t) throws ScenarioError {
        String p = t.text();
        if (p.startsWith("@")) {
            int slash = p.indexOf('/');
            String alias = slash < 0 ? p.substring(1) : p.substring(1, slash);
            name(new Token(alias, t.column() + 1, false), NameKind.REGION);
        } else if (!p.startsWith("/")) {
            throw err(t.column(), "path '" + shown(p) + "' must be absolute or start with @REGION/");
        }
        return p;
    }

    /** A name bound earlier as a {@code kind}. */
    String name(Token t, NameKind kind) throws ScenarioError {
        return line.names().require(line.lineNo(), t, kind);
    }

    /** Binds the name {@code t} as a {@code kind}. */
    void bind(Token t, NameKind kind) throws ScenarioError {
        line.names().bind(line.lineNo(), t, kind);
    }

    /** The choice {@code text} names among {@code type}'s lower-case constants, or null. */
    static <E extends Enum<E> & Statement.Keyword> E choice(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.keyword().equals(text)) {
                return e;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ the expectation

    /**
     * The line's expectation, checked against what the statement can result in; then the
     * {@code as} name is bound (after the expectation, so a malformed one is reported first).
     */
    Expectation expectation() throws ScenarioError {
        List<Token> exp = line.expectation();
        if (!syntax.isProcessOperation() && syntax.alwaysSucceeds() && !exp.isEmpty()) {
            throw err(exp.get(0).column(), "'" + verb.text() + "' always succeeds, so it takes no expectation");
        }
        Expectation e = line.expectations().parse(line.lineNo(), exp, syntax.expects());
        if (bindsToken != null) {
            bind(bindsToken, syntax.binds());
        }
        return e;
    }
}
