package dev.daxscope.scenario;

import static dev.daxscope.scenario.ScriptLexer.shown;
import static dev.daxscope.scenario.ScriptNumbers.parseIntOrNull;
import static dev.daxscope.scenario.ScriptNumbers.parseSize;
import static dev.daxscope.scenario.ScriptNumbers.parseSizeOrNull;

import dev.daxscope.scenario.ExpectationParser.ExpectKind;
import dev.daxscope.model.KernelProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code .dax} scripts (scenario-language.md §1-§6) into statements, checking everything
 * that can be checked before running: keywords, arity, numbers, names bound once and before use,
 * expectations. A malformed script raises {@link ScenarioError} with its file, line and column.
 */
public final class ScenarioParser {

    static final Set<String> KEYWORDS = Set.of("kernel", "region", "memory", "node", "read", "write", "bind", "unbind", "user",
            "remove", "daxctl", "poison", "say", "pause", "spawn", "open", "mmap", "touch", "munmap", "mprotect",
            "madvise", "pin", "get", "release", "fdread", "mremap", "prctl", "close", "fork", "exit", "folio", "rss",
            "smaps", "mappings", "signals", "state", "check", "as");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern INT = Pattern.compile("-?(0[xX][0-9a-fA-F]+|[0-9]+)");
    private static final Set<String> SIZE_KEYS = Set.of("size", "len", "off", "align", "block", "ram", "step", "newlen",
            "start", "at", "pgoff", "phys");
    /** The HMAT figures a {@code node} line may give, in the kernel's units (ns, MB/s). */
    public static final List<String> NODE_FIGURES = List.of("read_latency", "write_latency", "read_bandwidth", "write_bandwidth");

    /** Kinds of names, for "bound before use" checks. */
    enum Kind { REGION, PROCESS, FD, ADDRESS, HANDLE }

    private final String file;
    private final Map<String, Kind> names = new HashMap<>();
    private boolean sawStatement;
    private boolean sawRegion;
    private boolean sawNode;
    private final MachineBounds bounds = new MachineBounds();

    private ScenarioParser(String file) {
        this.file = file;
    }

    /** Parses a whole script; {@code file} names it in messages. */
    public static Scenario parse(String file, String text) throws ScenarioError {
        ScenarioParser p = new ScenarioParser(file);
        List<Statement> out = new ArrayList<>();
        KernelProfile kernel = KernelProfile.DEFAULT;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            Statement s = p.parseLine(i + 1, line);
            if (s == null) {
                continue;
            }
            if (s.verb().equals("kernel")) {
                kernel = KernelProfile.parse(s.arg(0)).orElseThrow();
            }
            out.add(s);
        }
        return new Scenario(file, kernel, out);
    }

    private ScenarioError err(int line, int col, String why) {
        return new ScenarioError(file, line, col, why);
    }

    // ------------------------------------------------------------------ statements

    private Statement parseLine(int lineNo, String line) throws ScenarioError {
        List<Token> all = ScriptLexer.lex(file, lineNo, line);
        if (all.isEmpty()) {
            return null;
        }
        int arrow = -1;
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).quoted() && all.get(i).text().equals("=>")) {
                arrow = i;
                break;
            }
        }
        List<Token> body = arrow < 0 ? all : all.subList(0, arrow);
        List<Token> expTokens = arrow < 0 ? List.of() : all.subList(arrow + 1, all.size());
        if (body.isEmpty()) {
            throw err(lineNo, all.get(0).column(), "'=>' needs a statement before it");
        }
        if (arrow >= 0 && expTokens.isEmpty()) {
            throw err(lineNo, all.get(arrow).column(), "'=>' needs an expectation after it");
        }
        String text = line.substring(body.get(0).column() - 1, endColumn(body) - 1).strip();
        Token first = body.get(0);
        Statement s;
        if (!first.quoted() && KEYWORDS.contains(first.text())) {
            s = parseGlobal(lineNo, text, first, body.subList(1, body.size()), expTokens);
        } else {
            if (first.quoted() || !NAME.matcher(first.text()).matches()) {
                throw err(lineNo, first.column(), "expected a statement keyword or a process name, found '"
                        + shown(first.text()) + "'");
            }
            requireName(lineNo, first, Kind.PROCESS);
            if (body.size() < 2) {
                throw err(lineNo, endColumn(body), "expected an operation after process " + first.text());
            }
            s = parseProcess(lineNo, text, first.text(), body.get(1), body.subList(2, body.size()), expTokens);
        }
        if (!s.verb().equals("kernel")) {
            sawStatement = true;
        }
        return s;
    }

    private static int endColumn(List<Token> tokens) {
        Token last = tokens.get(tokens.size() - 1);
        return last.column() + last.text().length() + (last.quoted() ? 2 : 0);
    }

    /** Collected pieces of a statement's argument list. */
    private final class Args {
        final int lineNo;
        final Token verb;
        final List<Token> positional = new ArrayList<>();
        final Map<String, Token> options = new LinkedHashMap<>();
        final List<String> flags = new ArrayList<>();
        String binds;
        Token bindsToken;

        Args(int lineNo, Token verb, List<Token> rest, Set<String> allowedFlags, Set<String> allowedOptions,
             boolean allowAs) throws ScenarioError {
            this.lineNo = lineNo;
            this.verb = verb;
            for (int i = 0; i < rest.size(); i++) {
                Token t = rest.get(i);
                if (!t.quoted() && t.text().equals("as")) {
                    if (!allowAs) {
                        throw err(lineNo, t.column(), "'" + verb.text() + "' does not bind a name with 'as'");
                    }
                    if (i + 1 >= rest.size()) {
                        throw err(lineNo, t.column(), "'as' needs a name after it");
                    }
                    if (i + 2 < rest.size()) {
                        throw err(lineNo, rest.get(i + 2).column(), "unexpected '" + shown(rest.get(i + 2).text())
                                + "' after 'as " + rest.get(i + 1).text() + "'");
                    }
                    bindsToken = rest.get(i + 1);
                    binds = bindsToken.text();
                    break;
                }
                int eq = t.text().indexOf('=');
                if (!t.quoted() && eq > 0) {
                    String key = t.text().substring(0, eq);
                    if (!allowedOptions.contains(key)) {
                        throw err(lineNo, t.column(), "'" + verb.text() + "' has no option '" + shown(key) + "='");
                    }
                    if (options.containsKey(key)) {
                        throw err(lineNo, t.column(), "option '" + key + "=' given twice");
                    }
                    options.put(key, new Token(t.text().substring(eq + 1), t.column() + eq + 1, false));
                } else if (!t.quoted() && allowedFlags.contains(t.text())) {
                    flags.add(t.text());
                } else {
                    positional.add(t);
                }
            }
        }

        void arity(int min, int max, String usage) throws ScenarioError {
            if (positional.size() < min) {
                int col = positional.isEmpty() ? verb.column() + verb.text().length() : endColumn(positional);
                throw err(lineNo, col, "missing argument: usage is '" + usage + "'");
            }
            if (positional.size() > max) {
                Token extra = positional.get(max);
                throw err(lineNo, extra.column(), "unexpected argument '" + shown(extra.text()) + "': usage is '" + usage + "'");
            }
        }

        void requireOption(String key, String usage) throws ScenarioError {
            if (!options.containsKey(key)) {
                throw err(lineNo, verb.column(), "missing " + key + "=: usage is '" + usage + "'");
            }
        }

        void requireAs(String usage) throws ScenarioError {
            if (binds == null) {
                throw err(lineNo, verb.column(), "missing 'as NAME': usage is '" + usage + "'");
            }
        }

        void oneOf(String usage, String... exclusive) throws ScenarioError {
            int count = 0;
            for (String f : exclusive) {
                count += (int) flags.stream().filter(f::equals).count();
            }
            if (count > 1) {
                throw err(lineNo, verb.column(), "only one of " + String.join("|", exclusive) + " may be given: usage is '"
                        + usage + "'");
            }
        }
    }

    /** Statements with a single possible result: an expectation on them could never fail (scenario-language §2). */
    private static final Set<String> CANNOT_FAIL = Set.of("kernel", "memory", "user", "spawn", "say", "pause", "state");

    private Statement statement(int lineNo, String text, String subject, Args a, List<Token> exp, ExpectKind ek)
            throws ScenarioError {
        if (subject == null && CANNOT_FAIL.contains(a.verb.text()) && !exp.isEmpty()) {
            throw err(lineNo, exp.get(0).column(), "'" + a.verb.text() + "' always succeeds, so it takes no expectation");
        }
        Map<String, Token> converted = new LinkedHashMap<>();
        for (Map.Entry<String, Token> e : a.options.entrySet()) {
            converted.put(e.getKey(), e.getValue());
        }
        Expectation expectation = new ExpectationParser(file).parse(lineNo, exp, ek);
        if (a.binds != null) {
            bind(lineNo, a.bindsToken, kindOfBinding(a.verb.text()));
        }
        return new Statement(file, lineNo, text, subject, a.verb.text(), List.copyOf(a.positional), converted,
                List.copyOf(a.flags), a.binds, expectation);
    }

    private static Kind kindOfBinding(String verb) {
        return switch (verb) {
            case "open" -> Kind.FD;
            case "pin", "get" -> Kind.HANDLE;
            default -> Kind.ADDRESS;
        };
    }

    private void bind(int lineNo, Token t, Kind kind) throws ScenarioError {
        if (t.quoted() || !NAME.matcher(t.text()).matches()) {
            throw err(lineNo, t.column(), "'" + shown(t.text()) + "' is not a name ([A-Za-z_][A-Za-z0-9_]*)");
        }
        if (KEYWORDS.contains(t.text())) {
            throw err(lineNo, t.column(), "'" + t.text() + "' is a reserved keyword and cannot be a name");
        }
        if (names.containsKey(t.text())) {
            throw err(lineNo, t.column(), "name '" + t.text() + "' is already bound");
        }
        names.put(t.text(), kind);
    }

    private void requireName(int lineNo, Token t, Kind kind) throws ScenarioError {
        Kind k = names.get(t.text());
        if (k == null) {
            throw err(lineNo, t.column(), (kind == Kind.PROCESS ? "unknown statement or process '" : "unknown name '")
                    + shown(t.text()) + "'" + (kind == Kind.PROCESS ? " (processes are created with spawn)" : " (not bound on an earlier line)"));
        }
        if (k != kind) {
            throw err(lineNo, t.column(), "'" + t.text() + "' is a " + k.name().toLowerCase() + " name, not a "
                    + kind.name().toLowerCase() + " name");
        }
    }

    private Statement parseGlobal(int lineNo, String text, Token verb, List<Token> rest, List<Token> exp)
            throws ScenarioError {
        String v = verb.text();
        if (!v.equals("kernel") && v.equals("as")) {
            throw err(lineNo, verb.column(), "'as' must follow an operation");
        }
        switch (v) {
            case "kernel" -> {
                if (sawStatement) {
                    throw err(lineNo, verb.column(), "'kernel' must come before any other statement");
                }
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(1, 1, "kernel " + KernelProfile.versions().replace(", ", "|"));
                if (KernelProfile.parse(a.positional.get(0).text()).isEmpty()) {
                    throw err(lineNo, a.positional.get(0).column(), "unknown kernel version '" + shown(a.positional.get(0).text())
                            + "' (" + KernelProfile.versions() + ")");
                }
                return statement(lineNo, text, null, a, exp, ExpectKind.STATUS);
            }
            case "region" -> {
                Args a = new Args(lineNo, verb, rest, Set.of("idle"),
                        Set.of("start", "size", "align", "id", "target_node", "numa_node", "parent"), false);
                String usage = "region NAME hmem|cxl|pmem|dynamic start=ADDR size=SIZE [align=SIZE] [id=N] [target_node=N] "
                        + "[numa_node=N] [idle] [parent=PATH]";
                a.arity(2, 2, usage);
                a.requireOption("start", usage);
                a.requireOption("size", usage);
                String kind = a.positional.get(1).text();
                if (!Set.of("hmem", "cxl", "pmem", "dynamic").contains(kind)) {
                    throw err(lineNo, a.positional.get(1).column(), "unknown region kind '" + shown(kind)
                            + "' (hmem, cxl, pmem or dynamic)");
                }
                if (a.flags.contains("idle") && !kind.equals("hmem")) {
                    throw err(lineNo, verb.column(), "'idle' applies only to hmem regions");
                }
                checkSizes(lineNo, a, "start", "size", "align");
                checkInts(lineNo, a, "id", "target_node", "numa_node");
                if (a.options.containsKey("parent") && !a.options.get("parent").text().startsWith("/")) {
                    throw err(lineNo, a.options.get("parent").column(), "parent= must be a path starting with /");
                }
                checkBounds(lineNo, bounds.region(a.options));
                Statement s = statement(lineNo, text, null, a, exp, ExpectKind.STATUS);
                bind(lineNo, a.positional.get(0), Kind.REGION);
                sawRegion = true;
                return s;
            }
            case "memory" -> {
                if (sawRegion || sawNode) {
                    throw err(lineNo, verb.column(), "'memory' may appear only before the first region and node");
                }
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.of("block", "auto_online", "nodes", "ram"), false);
                a.arity(0, 0, "memory block=SIZE auto_online=offline|online|online_movable|online_kernel [nodes=N] [ram=SIZE]");
                checkSizes(lineNo, a, "block", "ram");
                checkInts(lineNo, a, "nodes");
                Token ao = a.options.get("auto_online");
                if (ao != null && !Set.of("offline", "online", "online_movable", "online_kernel").contains(ao.text())) {
                    throw err(lineNo, ao.column(), "auto_online must be offline, online, online_movable or online_kernel");
                }
                Token block = a.options.get("block");
                if (block != null) {
                    long b = parseSize(block.text());
                    if (b < (128L << 20) || Long.bitCount(b) != 1 || b > (2L << 30)) {
                        throw err(lineNo, block.column(), "block= must be a power of two from 128M to 2G");
                    }
                }
                checkBounds(lineNo, bounds.memory(a.options));
                return statement(lineNo, text, null, a, exp, ExpectKind.STATUS);
            }
            case "node" -> {
                if (sawRegion) {
                    throw err(lineNo, verb.column(), "'node' may appear only before the first region");
                }
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.copyOf(NODE_FIGURES), false);
                a.arity(1, 1, "node N [read_latency=NS] [write_latency=NS] [read_bandwidth=MBPS] [write_bandwidth=MBPS]");
                checkNodeNumber(lineNo, a.positional.get(0));
                for (String k : NODE_FIGURES) {
                    Token t = a.options.get(k);
                    if (t != null) {
                        checkInt(lineNo, t, false);
                        if (parseIntOrNull(t.text()) > 0xffff_ffffL) {
                            throw err(lineNo, t.column(), k + " is an unsigned 32-bit number (HMAT)");
                        }
                    }
                }
                sawNode = true;
                return statement(lineNo, text, null, a, exp, ExpectKind.STATUS);
            }
            case "read" -> {
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(1, 1, "read PATH");
                checkPath(lineNo, a.positional.get(0));
                return statement(lineNo, text, null, a, exp, ExpectKind.READ);
            }
            case "write" -> {
                Args a = new Args(lineNo, verb, List.of(), Set.of(), Set.of(), false);
                if (rest.size() != 2) {
                    throw err(lineNo, rest.size() < 2 ? endColumn(rest.isEmpty() ? List.of(verb) : rest)
                            : rest.get(2).column(), "usage is 'write PATH VALUE' (quote a VALUE with spaces)");
                }
                a.positional.addAll(rest);
                checkPath(lineNo, rest.get(0));
                return statement(lineNo, text, null, a, exp, ExpectKind.STATUS);
            }
            case "bind", "unbind" -> {
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(v.equals("bind") ? 2 : 1, 2, v + " DEV " + (v.equals("bind") ? "DRIVER" : "[DRIVER]"));
                if (a.positional.size() == 2 && !Set.of("device_dax", "kmem").contains(a.positional.get(1).text())) {
                    throw err(lineNo, a.positional.get(1).column(), "unknown driver '" + shown(a.positional.get(1).text())
                            + "' (device_dax or kmem)");
                }
                return statement(lineNo, text, null, a, exp, ExpectKind.STATUS);
            }
            case "user" -> {
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(1, 1, "user root|nobody");
                if (!Set.of("root", "nobody").contains(a.positional.get(0).text())) {
                    throw err(lineNo, a.positional.get(0).column(), "user must be root or nobody");
                }
                return statement(lineNo, text, null, a, exp, ExpectKind.STATUS);
            }
            case "remove" -> {
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(2, 2, "remove region NAME");
                if (!a.positional.get(0).text().equals("region")) {
                    throw err(lineNo, a.positional.get(0).column(), "usage is 'remove region NAME'");
                }
                requireName(lineNo, a.positional.get(1), Kind.REGION);
                return statement(lineNo, text, null, a, exp, ExpectKind.STATUS);
            }
            case "daxctl" -> {
                Args a = new Args(lineNo, verb, List.of(), Set.of(), Set.of(), false);
                if (rest.isEmpty()) {
                    throw err(lineNo, verb.column() + 6, "usage is 'daxctl COMMAND [OPTIONS...]'");
                }
                a.positional.addAll(rest);
                return statement(lineNo, text, null, a, exp, ExpectKind.STATUS);
            }
            case "poison" -> {
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                if (a.positional.size() == 3 && a.positional.get(1).text().equals("by")) {
                    requireName(lineNo, a.positional.get(2), Kind.PROCESS);
                } else {
                    a.arity(1, 1, "poison PHYS_ADDR [by P]");
                }
                checkInt(lineNo, a.positional.get(0), false);
                return statement(lineNo, text, null, a, exp, ExpectKind.STATUS);
            }
            case "say" -> {
                Args a = new Args(lineNo, verb, List.of(), Set.of(), Set.of(), false);
                if (rest.isEmpty()) {
                    throw err(lineNo, verb.column() + 3, "usage is 'say \"text\"'");
                }
                a.positional.addAll(rest);
                return statement(lineNo, text, null, a, exp, ExpectKind.STATUS);
            }
            case "pause", "state", "check" -> {
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(0, 0, v);
                return statement(lineNo, text, null, a, exp, v.equals("check") ? ExpectKind.STATUS : ExpectKind.OUTPUT);
            }
            case "spawn" -> {
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(1, 1, "spawn P");
                Statement s = statement(lineNo, text, null, a, exp, ExpectKind.STATUS);
                bind(lineNo, a.positional.get(0), Kind.PROCESS);
                return s;
            }
            case "folio" -> {
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.of("pgoff", "phys"), false);
                if (a.options.containsKey("phys")) {
                    a.arity(0, 0, "folio phys=ADDR");
                    checkSizes(lineNo, a, "phys");
                } else {
                    a.arity(1, 1, "folio DEV pgoff=PGOFF | folio phys=ADDR");
                    a.requireOption("pgoff", "folio DEV pgoff=PGOFF");
                    checkSizes(lineNo, a, "pgoff");
                }
                return statement(lineNo, text, null, a, exp, ExpectKind.FOLIO);
            }
            case "rss", "mappings", "signals" -> {
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(1, 1, v + " P");
                requireName(lineNo, a.positional.get(0), Kind.PROCESS);
                ExpectKind ek = switch (v) {
                    case "rss" -> ExpectKind.RSS;
                    case "signals" -> ExpectKind.SIGNALS;
                    default -> ExpectKind.OUTPUT;
                };
                return statement(lineNo, text, null, a, exp, ek);
            }
            case "smaps" -> {
                Args a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(2, 2, "smaps P ADDR_EXPR");
                requireName(lineNo, a.positional.get(0), Kind.PROCESS);
                checkAddress(lineNo, a.positional.get(1));
                return statement(lineNo, text, null, a, exp, ExpectKind.RSS);
            }
            default -> throw err(lineNo, verb.column(), "'" + v + "' must follow a process name (P " + v + " ...)");
        }
    }

    private static final Set<String> PROCESS_VERBS = Set.of("open", "mmap", "read", "write", "touch", "munmap",
            "mprotect", "madvise", "pin", "get", "release", "fdread", "mremap", "prctl", "close", "fork", "exit", "alloc");

    private Statement parseProcess(int lineNo, String text, String proc, Token verb, List<Token> rest, List<Token> exp)
            throws ScenarioError {
        String v = verb.text();
        if (verb.quoted() || !PROCESS_VERBS.contains(v)) {
            throw err(lineNo, verb.column(), "unknown process operation '" + shown(v) + "' (one of "
                    + String.join(", ", new java.util.TreeSet<>(PROCESS_VERBS)) + ")");
        }
        Args a;
        switch (v) {
            case "open" -> {
                a = new Args(lineNo, verb, rest, Set.of("rw", "ro"), Set.of(), true);
                String usage = "P open DEVPATH [rw|ro] as F";
                a.arity(1, 1, usage);
                a.requireAs(usage);
                a.oneOf(usage, "rw", "ro");
            }
            case "mmap" -> {
                a = new Args(lineNo, verb, rest, Set.of("shared", "private", "rw", "ro", "populate", "sync"),
                        Set.of("len", "off", "at"), true);
                String usage = "P mmap F len=SIZE [off=SIZE] [shared|private] [rw|ro] [at=ADDR] [populate] [sync] as A";
                a.arity(1, 1, usage);
                a.requireOption("len", usage);
                a.requireAs(usage);
                a.oneOf(usage, "shared", "private");
                a.oneOf(usage, "rw", "ro");
                requireName(lineNo, a.positional.get(0), Kind.FD);
                checkSizes(lineNo, a, "len", "off", "at");
            }
            case "read", "write" -> {
                a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(1, 1, "P " + v + " ADDR_EXPR");
                checkAddress(lineNo, a.positional.get(0));
            }
            case "touch" -> {
                a = new Args(lineNo, verb, rest, Set.of("read", "write"), Set.of("len", "step"), false);
                String usage = "P touch ADDR_EXPR len=SIZE [step=SIZE] [read|write]";
                a.arity(1, 1, usage);
                a.requireOption("len", usage);
                a.oneOf(usage, "read", "write");
                checkAddress(lineNo, a.positional.get(0));
                checkSizes(lineNo, a, "len", "step");
                if (a.options.containsKey("step") && parseSize(a.options.get("step").text()) == 0) {
                    throw err(lineNo, a.options.get("step").column(), "step= must be positive");
                }
            }
            case "munmap" -> {
                a = new Args(lineNo, verb, rest, Set.of(), Set.of("len"), false);
                a.arity(1, 1, "P munmap ADDR_EXPR len=SIZE");
                a.requireOption("len", "P munmap ADDR_EXPR len=SIZE");
                checkAddress(lineNo, a.positional.get(0));
                checkSizes(lineNo, a, "len");
            }
            case "mprotect" -> {
                a = new Args(lineNo, verb, rest, Set.of("ro", "rw"), Set.of("len"), false);
                String usage = "P mprotect ADDR_EXPR len=SIZE ro|rw";
                a.arity(1, 1, usage);
                a.requireOption("len", usage);
                if (a.flags.size() != 1) {
                    throw err(lineNo, verb.column(), "exactly one of ro|rw: usage is '" + usage + "'");
                }
                checkAddress(lineNo, a.positional.get(0));
                checkSizes(lineNo, a, "len");
            }
            case "madvise" -> {
                a = new Args(lineNo, verb, rest, Set.of("dontneed", "nohugepage", "hugepage"), Set.of("len"), false);
                String usage = "P madvise ADDR_EXPR len=SIZE dontneed|nohugepage|hugepage";
                a.arity(1, 1, usage);
                a.requireOption("len", usage);
                if (a.flags.size() != 1) {
                    throw err(lineNo, verb.column(), "exactly one advice: usage is '" + usage + "'");
                }
                checkAddress(lineNo, a.positional.get(0));
                checkSizes(lineNo, a, "len");
            }
            case "pin", "get" -> {
                a = new Args(lineNo, verb, rest, Set.of(), Set.of("len"), true);
                String usage = "P " + v + " ADDR_EXPR [len=SIZE] as H";
                a.arity(1, 1, usage);
                a.requireAs(usage);
                checkAddress(lineNo, a.positional.get(0));
                checkSizes(lineNo, a, "len");
            }
            case "release" -> {
                a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(1, 1, "P release H");
                requireName(lineNo, a.positional.get(0), Kind.HANDLE);
            }
            case "fdread" -> {
                a = new Args(lineNo, verb, rest, Set.of(), Set.of("len"), false);
                a.arity(1, 1, "P fdread F len=SIZE");
                a.requireOption("len", "P fdread F len=SIZE");
                requireName(lineNo, a.positional.get(0), Kind.FD);
                checkSizes(lineNo, a, "len");
            }
            case "mremap" -> {
                a = new Args(lineNo, verb, rest, Set.of("maymove"), Set.of("len", "newlen"), true);
                String usage = "P mremap ADDR_EXPR len=SIZE newlen=SIZE [maymove] as B";
                a.arity(1, 1, usage);
                a.requireOption("len", usage);
                a.requireOption("newlen", usage);
                a.requireAs(usage);
                checkAddress(lineNo, a.positional.get(0));
                checkSizes(lineNo, a, "len", "newlen");
            }
            case "prctl" -> {
                a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(2, 2, "P prctl mce-kill early|late|default");
                if (!a.positional.get(0).text().equals("mce-kill")) {
                    throw err(lineNo, a.positional.get(0).column(), "only 'prctl mce-kill' is supported");
                }
                if (!Set.of("early", "late", "default").contains(a.positional.get(1).text())) {
                    throw err(lineNo, a.positional.get(1).column(), "mce-kill policy must be early, late or default");
                }
            }
            case "close" -> {
                a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(1, 1, "P close F");
                requireName(lineNo, a.positional.get(0), Kind.FD);
            }
            case "alloc" -> {
                a = new Args(lineNo, verb, rest, Set.of(), Set.of("len", "node"), false);
                String usage = "P alloc len=SIZE node=N";
                a.arity(0, 0, usage);
                a.requireOption("len", usage);
                a.requireOption("node", usage);
                checkSizes(lineNo, a, "len");
                checkNodeNumber(lineNo, a.options.get("node"));
            }
            case "fork" -> {
                a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(1, 1, "P fork C");
                Statement s = statement(lineNo, text, proc, a, exp, ExpectKind.STATUS);
                bind(lineNo, a.positional.get(0), Kind.PROCESS);
                return s;
            }
            default -> {
                a = new Args(lineNo, verb, rest, Set.of(), Set.of(), false);
                a.arity(0, 0, "P exit");
            }
        }
        ExpectKind ek = v.equals("read") || v.equals("write") || v.equals("touch") ? ExpectKind.ACCESS : ExpectKind.STATUS;
        return statement(lineNo, text, proc, a, exp, ek);
    }

    // ------------------------------------------------------------------ values

    private void checkPath(int lineNo, Token t) throws ScenarioError {
        String p = t.text();
        if (p.startsWith("@")) {
            int slash = p.indexOf('/');
            String alias = slash < 0 ? p.substring(1) : p.substring(1, slash);
            requireName(lineNo, new Token(alias, t.column() + 1, false), Kind.REGION);
        } else if (!p.startsWith("/")) {
            throw err(lineNo, t.column(), "path '" + shown(p) + "' must be absolute or start with @REGION/");
        }
    }

    private void checkBounds(int lineNo, MachineBounds.Violation v) throws ScenarioError {
        if (v != null) {
            throw err(lineNo, v.at().column(), v.why());
        }
    }

    private void checkAddress(int lineNo, Token t) throws ScenarioError {
        String s = t.text();
        if (INT.matcher(s).matches() && !s.startsWith("-")) {
            checkInt(lineNo, t, false);
            return;
        }
        int plus = s.indexOf('+');
        String name = plus < 0 ? s : s.substring(0, plus);
        if (!NAME.matcher(name).matches()) {
            throw err(lineNo, t.column(), "'" + shown(s) + "' is not an address (NAME, NAME+INT or INT)");
        }
        requireName(lineNo, new Token(name, t.column(), false), Kind.ADDRESS);
        if (plus >= 0) {
            checkInt(lineNo, new Token(s.substring(plus + 1), t.column() + plus + 1, false), false);
        }
    }

    private void checkSizes(int lineNo, Args a, String... keys) throws ScenarioError {
        for (String k : keys) {
            Token t = a.options.get(k);
            if (t == null) {
                continue;
            }
            Matcher m = ScriptNumbers.SIZE.matcher(t.text());
            if (!m.matches()) {
                throw err(lineNo, t.column(), k + "= needs a size (decimal, 0x hex, optional K/M/G/T), not '"
                        + shown(t.text()) + "'");
            }
            if (parseSizeOrNull(t.text()) == null) {
                throw err(lineNo, t.column(), k + "=" + shown(t.text()) + " does not fit in 64 bits");
            }
        }
    }

    private void checkInts(int lineNo, Args a, String... keys) throws ScenarioError {
        for (String k : keys) {
            Token t = a.options.get(k);
            if (t != null) {
                checkInt(lineNo, t, true);
            }
        }
    }

    private void checkNodeNumber(int lineNo, Token t) throws ScenarioError {
        checkInt(lineNo, t, false);
        if (parseIntOrNull(t.text()) > 1023) {
            throw err(lineNo, t.column(), "a node number is 0 to 1023");
        }
    }

    private void checkInt(int lineNo, Token t, boolean negativeAllowed) throws ScenarioError {
        if (!INT.matcher(t.text()).matches() || (!negativeAllowed && t.text().startsWith("-"))) {
            throw err(lineNo, t.column(), "'" + shown(t.text()) + "' is not " + (negativeAllowed ? "an integer" : "a non-negative integer"));
        }
        if (parseIntOrNull(t.text()) == null) {
            throw err(lineNo, t.column(), "'" + shown(t.text()) + "' does not fit in 64 bits");
        }
    }
}
