package dev.daxscope.scenario;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.scenario.ExpectationParser.ExpectKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The statements of the {@code .dax} language (scenario-language §3-§6): keyword, the flags and
 * {@code KEY=} options each accepts, how many positional arguments, the kind of name {@code as}
 * binds, which expectations it takes and its usage forms. The parser reads its argument lists and
 * its usage messages from here, and {@code LanguageReferenceTest} holds docs/language.md's usage
 * lines to the same forms, so the page, the messages and the parser cannot disagree.
 */
public enum Syntax {
    KERNEL(global("kernel").arity(1, 1).alwaysSucceeds().form("kernel " + KernelProfile.versions().replace(", ", "|"))),
    REGION(global("region").arity(2, 2).flags("idle")
            .options("start", "size", "align", "id", "target_node", "numa_node", "parent")
            .form("region NAME hmem|cxl|pmem|dynamic start=ADDR size=SIZE [align=SIZE] [id=N] [target_node=N] "
                    + "[numa_node=N] [idle] [parent=PATH]")),
    MEMORY(global("memory").alwaysSucceeds().options("block", "auto_online", "nodes", "ram")
            .form("memory block=SIZE auto_online=offline|online|online_movable|online_kernel [nodes=N] [ram=SIZE]")),
    NODE(global("node").arity(1, 1).alwaysSucceeds().options("read_latency", "write_latency", "read_bandwidth", "write_bandwidth")
            .form("node N [read_latency=NS] [write_latency=NS] [read_bandwidth=MBPS] [write_bandwidth=MBPS]")),
    READ(global("read").arity(1, 1).expects(ExpectKind.READ).form("read PATH")),
    /** Raw: its two arguments are taken as written ({@code KEY=VALUE} is a value, not an option). */
    WRITE(global("write").raw().form("write PATH VALUE")),
    BIND(global("bind").arity(2, 2).form("bind DEV DRIVER")),
    UNBIND(global("unbind").arity(1, 2).form("unbind DEV [DRIVER]")),
    USER(global("user").arity(1, 1).alwaysSucceeds().form("user root|nobody")),
    REMOVE(global("remove").arity(2, 2).form("remove region NAME")),
    DAXCTL(global("daxctl").raw().form("daxctl COMMAND [OPTIONS...]")),
    POISON(global("poison").arity(1, 1).form("poison PHYS_ADDR [by P]")),
    SAY(global("say").raw().alwaysSucceeds().form("say \"text\"")),
    PAUSE(global("pause").alwaysSucceeds().expects(ExpectKind.OUTPUT).form("pause")),
    STATE(global("state").alwaysSucceeds().expects(ExpectKind.OUTPUT).form("state")),
    CHECK(global("check").form("check")),
    MONITOR(global("monitor").options("node", "sample", "aggr", "min", "max", "seed")
            .form("monitor node=N [sample=DURATION] [aggr=DURATION] [min=N] [max=N] [seed=N]")),
    ELAPSE(global("elapse").arity(1, 1).alwaysSucceeds().form("elapse DURATION")),
    SPAWN(global("spawn").arity(1, 1).alwaysSucceeds().form("spawn P")),
    FOLIO(global("folio").arity(1, 1).options("pgoff", "phys").expects(ExpectKind.FOLIO)
            .form("folio DEV pgoff=PGOFF").form("folio phys=ADDR")),
    RSS(global("rss").arity(1, 1).expects(ExpectKind.RSS).form("rss P")),
    SMAPS(global("smaps").arity(2, 2).expects(ExpectKind.RSS).form("smaps P ADDR_EXPR")),
    MAPPINGS(global("mappings").arity(1, 1).expects(ExpectKind.OUTPUT).form("mappings P")),
    SIGNALS(global("signals").arity(1, 1).expects(ExpectKind.SIGNALS).form("signals P")),

    OPEN(process("open").arity(1, 1).flags("rw", "ro").binds(NameKind.FD).form("P open DEVPATH [rw|ro] as F")),
    MMAP(process("mmap").arity(1, 1).flags("shared", "private", "rw", "ro", "populate", "sync").options("len", "off", "at")
            .binds(NameKind.ADDRESS)
            .form("P mmap F len=SIZE [off=SIZE] [shared|private] [rw|ro] [at=ADDR] [populate] [sync] as A")),
    LOAD(process("read").arity(1, 1).expects(ExpectKind.ACCESS).form("P read ADDR_EXPR")),
    STORE(process("write").arity(1, 1).expects(ExpectKind.ACCESS).form("P write ADDR_EXPR")),
    TOUCH(process("touch").arity(1, 1).flags("read", "write").options("len", "step").expects(ExpectKind.ACCESS)
            .form("P touch ADDR_EXPR len=SIZE [step=SIZE] [read|write]")),
    MUNMAP(process("munmap").arity(1, 1).options("len").form("P munmap ADDR_EXPR len=SIZE")),
    MPROTECT(process("mprotect").arity(1, 1).flags("ro", "rw").options("len").form("P mprotect ADDR_EXPR len=SIZE ro|rw")),
    MADVISE(process("madvise").arity(1, 1).flags("dontneed", "nohugepage", "hugepage").options("len")
            .form("P madvise ADDR_EXPR len=SIZE dontneed|nohugepage|hugepage")),
    PIN(process("pin").arity(1, 1).options("len").binds(NameKind.HANDLE).form("P pin ADDR_EXPR [len=SIZE] as H")),
    GET(process("get").arity(1, 1).options("len").binds(NameKind.HANDLE).form("P get ADDR_EXPR [len=SIZE] as H")),
    RELEASE(process("release").arity(1, 1).form("P release H")),
    FDREAD(process("fdread").arity(1, 1).options("len").form("P fdread F len=SIZE")),
    MREMAP(process("mremap").arity(1, 1).flags("maymove").options("len", "newlen").binds(NameKind.ADDRESS)
            .form("P mremap ADDR_EXPR len=SIZE newlen=SIZE [maymove] as B")),
    PRCTL(process("prctl").arity(2, 2).form("P prctl mce-kill early|late|default")),
    CLOSE(process("close").arity(1, 1).form("P close F")),
    FORK(process("fork").arity(1, 1).form("P fork C")),
    EXIT(process("exit").form("P exit")),
    ALLOC(process("alloc").options("len", "node").form("P alloc len=SIZE node=N")),
    WORK(process("work").options("off", "len", "rate").form("P work [off=SIZE] [len=SIZE] [rate=PERCENT]"));

    /** Every reserved word: the statement keywords and {@code as}. */
    public static final Set<String> KEYWORDS = Stream.concat(Arrays.stream(values()).map(Syntax::keyword), Stream.of("as"))
            .collect(Collectors.toUnmodifiableSet());
    private static final Map<String, Syntax> GLOBAL = new HashMap<>();
    private static final Map<String, Syntax> PROCESS = new HashMap<>();

    static {
        for (Syntax s : values()) {
            (s.process ? PROCESS : GLOBAL).put(s.keyword, s);
        }
    }

    private final String keyword;
    private final boolean process;
    private final int minArgs;
    private final int maxArgs;
    private final Set<String> flags;
    private final Set<String> options;
    private final NameKind binds;
    private final ExpectKind expects;
    private final boolean alwaysSucceeds;
    private final boolean raw;
    private final List<String> forms;

    Syntax(Spec spec) {
        this.keyword = spec.keyword;
        this.process = spec.process;
        this.minArgs = spec.minArgs;
        this.maxArgs = spec.maxArgs;
        this.flags = Collections.unmodifiableSet(spec.flags);
        this.options = Collections.unmodifiableSet(spec.options);
        this.binds = spec.binds;
        this.expects = spec.expects;
        this.alwaysSucceeds = spec.alwaysSucceeds;
        this.raw = spec.raw;
        this.forms = List.copyOf(spec.forms);
    }

    /** The global statement with this keyword, or null. */
    static Syntax ofGlobal(String keyword) {
        return GLOBAL.get(keyword);
    }

    /** The process operation ({@code P VERB ...}) with this keyword, or null. */
    static Syntax ofProcess(String keyword) {
        return PROCESS.get(keyword);
    }

    /** The process operations' keywords, sorted, as a message lists them. */
    static String processKeywords() {
        return String.join(", ", new TreeSet<>(PROCESS.keySet()));
    }

    public String keyword() {
        return keyword;
    }

    /** Whether the statement is a process's ({@code P VERB ...}). */
    public boolean isProcessOperation() {
        return process;
    }

    /** The usage forms as docs/language.md writes them, one per line. */
    public List<String> forms() {
        return forms;
    }

    /** The usage as messages quote it: the forms joined by {@code " | "}. */
    public String usage() {
        return String.join(" | ", forms);
    }

    int minArgs() {
        return minArgs;
    }

    int maxArgs() {
        return maxArgs;
    }

    Set<String> flags() {
        return flags;
    }

    /** The {@code KEY=} options, in the order the usage lists them. */
    Set<String> options() {
        return options;
    }

    /** The kind of name {@code as NAME} binds, or null when the statement binds none. */
    NameKind binds() {
        return binds;
    }

    ExpectKind expects() {
        return expects;
    }

    /** A statement with a single possible result: an expectation on it could never fail (§2). */
    boolean alwaysSucceeds() {
        return alwaysSucceeds;
    }

    /** Arguments are taken as written: no options, flags or {@code as}. */
    boolean raw() {
        return raw;
    }

    private static Spec global(String keyword) {
        return new Spec(keyword, false);
    }

    private static Spec process(String keyword) {
        return new Spec(keyword, true);
    }

    /** The kinds of names, for "bound before use" checks. */
    enum NameKind { REGION, PROCESS, FD, ADDRESS, HANDLE }

    /** Builds one row of the table. */
    private static final class Spec {
        final String keyword;
        final boolean process;
        int minArgs;
        int maxArgs;
        final Set<String> flags = new LinkedHashSet<>();
        final Set<String> options = new LinkedHashSet<>();
        NameKind binds;
        ExpectKind expects = ExpectKind.STATUS;
        boolean alwaysSucceeds;
        boolean raw;
        final List<String> forms = new ArrayList<>();

        Spec(String keyword, boolean process) {
            this.keyword = keyword;
            this.process = process;
        }

        Spec arity(int min, int max) {
            minArgs = min;
            maxArgs = max;
            return this;
        }

        Spec flags(String... names) {
            flags.addAll(List.of(names));
            return this;
        }

        Spec options(String... keys) {
            options.addAll(List.of(keys));
            return this;
        }

        Spec binds(NameKind kind) {
            binds = kind;
            return this;
        }

        Spec expects(ExpectKind kind) {
            expects = kind;
            return this;
        }

        Spec alwaysSucceeds() {
            alwaysSucceeds = true;
            return this;
        }

        Spec raw() {
            raw = true;
            return this;
        }

        Spec form(String usage) {
            forms.add(usage);
            return this;
        }
    }
}
