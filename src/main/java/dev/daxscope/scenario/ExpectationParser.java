package dev.daxscope.scenario;

import static dev.daxscope.scenario.ScriptNumbers.parseIntOrNull;
import static dev.daxscope.scenario.ScriptNumbers.parseSizeOrNull;
import static dev.daxscope.scenario.ScriptLexer.shown;

import dev.daxscope.model.Errno;
import dev.daxscope.scenario.Expectation.FolioCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parses what follows {@code =>} on a script line, for the kind of result its statement has. */
final class ExpectationParser {
    private final String file;

    ExpectationParser(String file) {
        this.file = file;
    }

    /** Which expectations a statement accepts. */
    enum ExpectKind { STATUS, READ, ACCESS, FOLIO, RSS, SIGNALS, OUTPUT }

    Expectation parse(int lineNo, List<Token> exp, ExpectKind kind) throws ScenarioError {
        if (exp.isEmpty()) {
            return null;
        }
        Token t = exp.get(0);
        if (t.quoted()) {
            if (kind != ExpectKind.READ) {
                throw new ScenarioError(file, lineNo, t.column(), "a \"text\" expectation applies only to read");
            }
            onlyOne(lineNo, exp);
            return new Expectation.Text(t.text());
        }
        String s = t.text();
        if (s.equals("ok")) {
            onlyOne(lineNo, exp);
            if (kind == ExpectKind.FOLIO || kind == ExpectKind.RSS || kind == ExpectKind.SIGNALS) {
                throw new ScenarioError(file, lineNo, t.column(), "'ok' is not a result of this statement");
            }
            return new Expectation.Ok();
        }
        if (s.equals("none")) {
            onlyOne(lineNo, exp);
            if (kind != ExpectKind.FOLIO && kind != ExpectKind.SIGNALS) {
                throw new ScenarioError(file, lineNo, t.column(), "'none' applies only to folio and signals");
            }
            return new Expectation.None();
        }
        if (s.startsWith("SIGBUS") || s.startsWith("SIGSEGV")) {
            List<String> sigs = new ArrayList<>();
            for (Token x : exp) {
                if (!x.text().matches("SIGBUS(:(ADRERR|MCEERR_AR|MCEERR_AO))?|SIGSEGV(:(MAPERR|ACCERR))?")) {
                    throw new ScenarioError(file, lineNo, x.column(), "unknown signal '" + shown(x.text()) + "'");
                }
                sigs.add(x.text());
            }
            if (sigs.size() > 1 && kind != ExpectKind.SIGNALS) {
                throw new ScenarioError(file, lineNo, exp.get(1).column(), "only 'signals' expects several signals");
            }
            if (kind != ExpectKind.ACCESS && kind != ExpectKind.SIGNALS) {
                throw new ScenarioError(file, lineNo, t.column(), "a signal is a result only of read, write, touch and signals");
            }
            return new Expectation.Signals(sigs);
        }
        if (s.contains("=")) {
            return counters(lineNo, exp, kind);
        }
        if (s.matches("E[A-Z0-9]+")) {
            if (kind == ExpectKind.FOLIO) {
                throw new ScenarioError(file, lineNo, t.column(), "folio never fails; expect ref=N map=M pin=K or none");
            }
            if (Errno.parse(s).isEmpty() && !KNOWN_ERRNO.contains(s)) {
                throw new ScenarioError(file, lineNo, t.column(), "unknown errno '" + shown(s) + "'");
            }
            onlyOne(lineNo, exp);
            return new Expectation.Errno(s);
        }
        throw new ScenarioError(file, lineNo, t.column(), "unknown expectation '" + shown(s) + "'");
    }

    /** {@code rss=SIZE} for rss and smaps, {@code ref=N map=M pin=K} (any subset, each once) for folio. */
    private Expectation counters(int lineNo, List<Token> exp, ExpectKind kind) throws ScenarioError {
        Map<FolioCounter, Long> values = new LinkedHashMap<>();
        Long rss = null;
        for (Token x : exp) {
            int eq = x.text().indexOf('=');
            String key = eq < 0 ? x.text() : x.text().substring(0, eq);
            Set<String> allowed = kind == ExpectKind.RSS ? Set.of("rss") : Set.of("ref", "map", "pin");
            if (eq < 0 || !allowed.contains(key) || (kind != ExpectKind.RSS && kind != ExpectKind.FOLIO)) {
                throw new ScenarioError(file, lineNo, x.column(), "unexpected '" + shown(x.text()) + "' in expectation"
                        + (kind == ExpectKind.RSS ? " (rss=SIZE)" : kind == ExpectKind.FOLIO ? " (ref=N map=M pin=K)" : ""));
            }
            Long val = key.equals("rss") ? parseSizeOrNull(x.text().substring(eq + 1))
                    : parseIntOrNull(x.text().substring(eq + 1));
            if (val == null || val < 0) {
                throw new ScenarioError(file, lineNo, x.column() + eq + 1, "'" + shown(x.text().substring(eq + 1)) + "' is not a valid "
                        + (key.equals("rss") ? "size" : "count"));
            }
            boolean twice = key.equals("rss") ? rss != null
                    : values.put(FolioCounter.valueOf(key.toUpperCase(Locale.ROOT)), val) != null;
            if (twice) {
                throw new ScenarioError(file, lineNo, x.column(), key + "= given twice");
            }
            rss = key.equals("rss") ? val : rss;
        }
        return rss != null ? new Expectation.Rss(rss) : new Expectation.FolioCounts(values);
    }

    /** errno.h names we never produce but scripts may expect (and then fail, not be malformed). */
    private static final Set<String> KNOWN_ERRNO = Set.of("ENOEXEC", "ECHILD", "ENOTBLK", "EXDEV", "EMFILE", "ENFILE",
            "EFBIG", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS",
            "ENOTEMPTY", "EWOULDBLOCK", "ENOMSG", "EIDRM", "ENOSTR", "ENODATA", "ETIME", "ENOSR", "ENOLINK", "EPROTO",
            "EBADMSG", "EILSEQ", "EUSERS", "ENOTSOCK", "ENOTSUP", "ETIMEDOUT", "ECANCELED", "EOWNERDEAD", "EHWPOISON",
            "ENOTRECOVERABLE", "ERFKILL", "EKEYREVOKED", "EMEDIUMTYPE", "ENOMEDIUM", "EREMOTEIO", "EDQUOT",
            "ESTALE", "EINPROGRESS", "EALREADY", "ENOTUNIQ", "EBADFD", "ENOTCONN", "ECONNREFUSED", "EHOSTDOWN");

    private void onlyOne(int lineNo, List<Token> exp) throws ScenarioError {
        if (exp.size() > 1) {
            throw new ScenarioError(file, lineNo, exp.get(1).column(), "unexpected '" + shown(exp.get(1).text()) + "' after the expectation");
        }
    }
}
