package dev.daxscope.scenario;

import static dev.daxscope.scenario.ScriptLexer.shown;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.RegionKind;
import dev.daxscope.scenario.Statement.AutoOnline;
import dev.daxscope.scenario.Statement.Origin;
import dev.daxscope.scenario.Syntax.NameKind;
import dev.daxscope.sim.kmem.MemoryHotplug;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code .dax} scripts (docs/language.md) into typed {@link Statement}s,
 * checking everything that can be checked before running: keywords, arity, numbers, names bound
 * once and before use, expectations. A malformed script raises {@link ScenarioError} with its
 * file, line and column. The statements' shapes come from {@link Syntax}; this class builds the
 * machine-building statements (§3), whose order it enforces, and hands the others to
 * {@link AdminStatements} and {@link ProcessOperations}.
 */
public final class ScenarioParser {

    private final String file;
    private final Names names;
    private final ExpectationParser expectations;
    private final MachineBounds bounds = new MachineBounds();
    private boolean sawStatement;
    private boolean sawRegion;
    private boolean sawNode;

    /** What the arguments of one line need besides their tokens. */
    record LineContext(String file, int lineNo, Origin origin, Names names, ExpectationParser expectations,
                       List<Token> expectation) {
    }

    private ScenarioParser(String file) {
        this.file = file;
        this.names = new Names(file);
        this.expectations = new ExpectationParser(file);
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
            if (s instanceof Statement.Kernel k) {
                kernel = k.profile();
            }
            out.add(s);
        }
        return new Scenario(file, kernel, out);
    }

    private ScenarioError err(int line, int col, String why) {
        return new ScenarioError(file, line, col, why);
    }

    // ------------------------------------------------------------------ lines

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
        LineContext context = new LineContext(file, lineNo, new Origin(file, lineNo, text), names, expectations, expTokens);
        Token first = body.get(0);
        Statement s;
        if (!first.quoted() && Syntax.KEYWORDS.contains(first.text())) {
            Syntax syntax = Syntax.ofGlobal(first.text());
            if (syntax == null) {
                throw err(lineNo, first.column(), first.text().equals("as") ? "'as' must follow an operation"
                        : "'" + first.text() + "' must follow a process name (P " + first.text() + " ...)");
            }
            checkOrder(lineNo, syntax, first);
            s = build(new Args(context, syntax, first, body.subList(1, body.size())), null);
        } else {
            if (first.quoted() || !Names.isName(first.text())) {
                throw err(lineNo, first.column(), "expected a statement keyword or a process name, found '"
                        + shown(first.text()) + "'");
            }
            String process = names.require(lineNo, first, NameKind.PROCESS);
            if (body.size() < 2) {
                throw err(lineNo, endColumn(body), "expected an operation after process " + first.text());
            }
            Token verb = body.get(1);
            Syntax syntax = verb.quoted() ? null : Syntax.ofProcess(verb.text());
            if (syntax == null) {
                throw err(lineNo, verb.column(), "unknown process operation '" + shown(verb.text()) + "' (one of "
                        + Syntax.processKeywords() + ")");
            }
            s = build(new Args(context, syntax, verb, body.subList(2, body.size())), process);
        }
        if (!(s instanceof Statement.Kernel)) {
            sawStatement = true;
        }
        return s;
    }

    static int endColumn(List<Token> tokens) {
        Token last = tokens.get(tokens.size() - 1);
        return last.column() + last.text().length() + (last.quoted() ? 2 : 0);
    }

    /** kernel first; memory before the first region and node; node before the first region (§3). */
    private void checkOrder(int lineNo, Syntax syntax, Token verb) throws ScenarioError {
        if (syntax == Syntax.KERNEL && sawStatement) {
            throw err(lineNo, verb.column(), "'kernel' must come before any other statement");
        }
        if (syntax == Syntax.MEMORY && (sawRegion || sawNode)) {
            throw err(lineNo, verb.column(), "'memory' may appear only before the first region and node");
        }
        if (syntax == Syntax.NODE && sawRegion) {
            throw err(lineNo, verb.column(), "'node' may appear only before the first region");
        }
    }

    /** One case per row of the table: a statement added to {@link Syntax} without a parser does not compile. */
    private Statement build(Args a, String process) throws ScenarioError {
        return switch (a.syntax) {
            case KERNEL -> kernel(a);
            case REGION -> region(a);
            case MEMORY -> memory(a);
            case NODE -> node(a);
            case READ -> AdminStatements.read(a);
            case WRITE -> AdminStatements.write(a);
            case BIND -> AdminStatements.bind(a);
            case UNBIND -> AdminStatements.unbind(a);
            case USER -> AdminStatements.user(a);
            case REMOVE -> AdminStatements.remove(a);
            case DAXCTL -> AdminStatements.daxctl(a);
            case POISON -> AdminStatements.poison(a);
            case SAY -> AdminStatements.say(a);
            case PAUSE -> AdminStatements.pause(a);
            case STATE -> AdminStatements.state(a);
            case CHECK -> AdminStatements.check(a);
            case SPAWN -> AdminStatements.spawn(a);
            case FOLIO -> AdminStatements.folio(a);
            case RSS -> AdminStatements.rss(a);
            case SMAPS -> AdminStatements.smaps(a);
            case MAPPINGS -> AdminStatements.mappings(a);
            case SIGNALS -> AdminStatements.signals(a);
            case OPEN -> ProcessOperations.open(a, process);
            case MMAP -> ProcessOperations.mmap(a, process);
            case LOAD -> ProcessOperations.load(a, process);
            case STORE -> ProcessOperations.store(a, process);
            case TOUCH -> ProcessOperations.touch(a, process);
            case MUNMAP -> ProcessOperations.munmap(a, process);
            case MPROTECT -> ProcessOperations.mprotect(a, process);
            case MADVISE -> ProcessOperations.madvise(a, process);
            case PIN -> ProcessOperations.pin(a, process);
            case GET -> ProcessOperations.get(a, process);
            case RELEASE -> ProcessOperations.release(a, process);
            case FDREAD -> ProcessOperations.fdread(a, process);
            case MREMAP -> ProcessOperations.mremap(a, process);
            case PRCTL -> ProcessOperations.prctl(a, process);
            case CLOSE -> ProcessOperations.close(a, process);
            case FORK -> ProcessOperations.fork(a, process);
            case EXIT -> ProcessOperations.exit(a, process);
            case ALLOC -> ProcessOperations.alloc(a, process);
            case MONITOR -> DamonStatements.monitor(a);
            case ELAPSE -> DamonStatements.elapse(a);
            case WORK -> DamonStatements.work(a, process);
        };
    }

    // ------------------------------------------------------------------ building the machine (§3)

    private Statement kernel(Args a) throws ScenarioError {
        a.arity();
        KernelProfile profile = KernelProfile.parse(a.arg(0).text()).orElse(null);
        if (profile == null) {
            throw a.err(a.arg(0).column(), "unknown kernel version '" + shown(a.arg(0).text()) + "' ("
                    + KernelProfile.versions() + ")");
        }
        return new Statement.Kernel(a.origin(), a.expectation(), profile);
    }

    private Statement region(Args a) throws ScenarioError {
        a.arity();
        a.requireOption("start");
        a.requireOption("size");
        Token kindToken = a.arg(1);
        RegionKind kind = RegionKind.ofKeyword(kindToken.text());
        if (kind == null) {
            throw a.err(kindToken.column(), "unknown region kind '" + shown(kindToken.text()) + "' (hmem, cxl, pmem or dynamic)");
        }
        if (a.flag("idle") && kind != RegionKind.HMEM) {
            throw a.err(a.verb.column(), "'idle' applies only to hmem regions");
        }
        long start = a.size("start");
        long size = a.size("size");
        Long align = a.size("align");
        Long id = a.integer("id");
        Long targetNode = a.integer("target_node");
        Long numaNode = a.integer("numa_node");
        Token parent = a.options.get("parent");
        if (parent != null && !parent.text().startsWith("/")) {
            throw a.err(parent.column(), "parent= must be a path starting with /");
        }
        checkBounds(a, bounds.region(a.options));
        Expectation e = a.expectation();
        a.bind(a.arg(0), NameKind.REGION);
        sawRegion = true;
        // MachineBounds has held id to an int and the nodes to -1..1023.
        return new Statement.Region(a.origin(), e, a.arg(0).text(), kind, start, size, align,
                id == null ? null : (int) (long) id, targetNode == null ? 0 : (int) (long) targetNode,
                numaNode == null ? null : (int) (long) numaNode, a.flag("idle"), parent == null ? null : parent.text());
    }

    private Statement memory(Args a) throws ScenarioError {
        a.arity();
        Long block = a.size("block");
        Long ram = a.size("ram");
        Long nodes = a.integer("nodes");
        Token autoOnline = a.options.get("auto_online");
        AutoOnline policy = autoOnline == null ? AutoOnline.OFFLINE : Args.choice(AutoOnline.class, autoOnline.text());
        if (policy == null) {
            throw a.err(autoOnline.column(), "auto_online must be offline, online, online_movable or online_kernel");
        }
        if (block != null && (block < (128L << 20) || Long.bitCount(block) != 1 || block > (2L << 30))) {
            throw a.err(a.options.get("block").column(), "block= must be a power of two from 128M to 2G");
        }
        checkBounds(a, bounds.memory(a.options));
        return new Statement.Memory(a.origin(), a.expectation(), block == null ? MemoryHotplug.DEFAULT_BLOCK : block,
                policy, nodes == null ? 1 : (int) (long) nodes, ram == null ? MemoryHotplug.DEFAULT_RAM : ram);
    }

    private Statement node(Args a) throws ScenarioError {
        a.arity();
        int node = a.nodeNumber(a.arg(0));
        long[] figures = new long[4];
        int i = 0;
        for (String key : a.syntax.options()) {
            Token t = a.options.get(key);
            figures[i] = t == null ? 0 : a.integer(t, false);
            if (figures[i++] > 0xffff_ffffL) {
                throw a.err(t.column(), key + " is an unsigned 32-bit number (HMAT)");
            }
        }
        sawNode = true;
        return new Statement.Node(a.origin(), a.expectation(), node, figures[0], figures[1], figures[2], figures[3]);
    }

    private static void checkBounds(Args a, MachineBounds.Violation v) throws ScenarioError {
        if (v != null) {
            throw a.err(v.at().column(), v.why());
        }
    }
}
