package dev.daxscope.scenario;

import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.RegionKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One parsed statement (scenario-language §3-§6), one record per statement with its arguments
 * already converted: sizes and addresses are numbers, choices are enums, names are the names
 * the script bound. A runner switches over the records exhaustively, so a statement added here
 * without a runner's case does not compile. {@link Syntax} holds each statement's keyword and usage.
 */
public sealed interface Statement {

    /** Where the statement was written and its text (without comment or expectation). */
    Origin origin();

    /** What {@code => ...} demands, or null when the line has no expectation. */
    Expectation expectation();

    Syntax syntax();

    default String file() {
        return origin().file();
    }

    default int line() {
        return origin().line();
    }

    default String text() {
        return origin().text();
    }

    default String where() {
        return origin().file() + ":" + origin().line();
    }

    /** The keyword ({@code read} both for the sysfs read and for {@code P read}). */
    default String verb() {
        return syntax().keyword();
    }

    /** The process a {@code P VERB ...} statement acts as, else null. */
    default String subject() {
        return null;
    }

    /** A script line's place and text. */
    record Origin(String file, int line, String text) {
    }

    /**
     * An address expression: {@code NAME}, {@code NAME+INT} ({@code name} and {@code offset}) or
     * {@code INT} ({@code name} null, {@code offset} the address); {@code text} as written.
     */
    record Address(String text, String name, long offset) {
        /** The address, given what each name holds; a name holding 0 (a failed mmap) stays 0, so the access faults. */
        long resolve(Map<String, Long> bound) {
            if (name == null) {
                return offset;
            }
            long base = bound.getOrDefault(name, 0L);
            return base == 0 ? 0 : base + offset;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A choice written as its lower-case name. */
    interface Keyword {
        String name();

        default String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum AutoOnline implements Keyword { OFFLINE, ONLINE, ONLINE_MOVABLE, ONLINE_KERNEL }

    enum Driver implements Keyword { DEVICE_DAX, KMEM, FSDEV_DAX }

    enum Account implements Keyword { ROOT, NOBODY }

    enum Advice implements Keyword { DONTNEED, NOHUGEPAGE, HUGEPAGE }

    enum MceKill implements Keyword { EARLY, LATE, DEFAULT }

    // ------------------------------------------------------------------ building the machine (§3)

    record Kernel(Origin origin, Expectation expectation, KernelProfile profile) implements Statement {
        @Override public Syntax syntax() { return Syntax.KERNEL; }
    }

    /** {@code align} and {@code id}, {@code numaNode} are null when not written (the kernel's defaults apply). */
    record Region(Origin origin, Expectation expectation, String name, RegionKind kind, long start, long size, Long align,
                  Integer id, int targetNode, Integer numaNode, boolean idle, String parent) implements Statement {
        @Override public Syntax syntax() { return Syntax.REGION; }
    }

    record Memory(Origin origin, Expectation expectation, long block, AutoOnline autoOnline, int nodes, long ram)
            implements Statement {
        @Override public Syntax syntax() { return Syntax.MEMORY; }
    }

    /** HMAT figures, 0 where not written. */
    record Node(Origin origin, Expectation expectation, int node, long readLatency, long writeLatency, long readBandwidth,
                long writeBandwidth) implements Statement {
        @Override public Syntax syntax() { return Syntax.NODE; }
    }

    // ------------------------------------------------------------------ administrator actions (§4)

    /** {@code read PATH}; a path may start with {@code @REGION}. */
    record Read(Origin origin, Expectation expectation, String path) implements Statement {
        @Override public Syntax syntax() { return Syntax.READ; }
    }

    record Write(Origin origin, Expectation expectation, String path, String value) implements Statement {
        @Override public Syntax syntax() { return Syntax.WRITE; }
    }

    record Bind(Origin origin, Expectation expectation, String device, Driver driver) implements Statement {
        @Override public Syntax syntax() { return Syntax.BIND; }
    }

    /** {@code driver} null: the driver the device is bound to. */
    record Unbind(Origin origin, Expectation expectation, String device, Driver driver) implements Statement {
        @Override public Syntax syntax() { return Syntax.UNBIND; }
    }

    record User(Origin origin, Expectation expectation, Account account) implements Statement {
        @Override public Syntax syntax() { return Syntax.USER; }
    }

    record Remove(Origin origin, Expectation expectation, String region) implements Statement {
        @Override public Syntax syntax() { return Syntax.REMOVE; }
    }

    record Daxctl(Origin origin, Expectation expectation, List<String> args) implements Statement {
        public Daxctl {
            args = List.copyOf(args);
        }

        @Override public Syntax syntax() { return Syntax.DAXCTL; }
    }

    /** {@code by} is the process that is the current task, or null. */
    record Poison(Origin origin, Expectation expectation, long phys, String by) implements Statement {
        @Override public Syntax syntax() { return Syntax.POISON; }
    }

    /** {@code say "text"}: the narration (a component named text would hide {@link Statement#text()}). */
    record Say(Origin origin, Expectation expectation, String narration) implements Statement {
        @Override public Syntax syntax() { return Syntax.SAY; }
    }

    record Pause(Origin origin, Expectation expectation) implements Statement {
        @Override public Syntax syntax() { return Syntax.PAUSE; }
    }

    record Spawn(Origin origin, Expectation expectation, String name) implements Statement {
        @Override public Syntax syntax() { return Syntax.SPAWN; }
    }

    // ------------------------------------------------------------------ observation (§6)

    /** {@code folio DEV pgoff=} ({@code phys} null) or {@code folio phys=} ({@code device} null). */
    record Folio(Origin origin, Expectation expectation, String device, long pgoff, Long phys) implements Statement {
        @Override public Syntax syntax() { return Syntax.FOLIO; }
    }

    record Rss(Origin origin, Expectation expectation, String process) implements Statement {
        @Override public Syntax syntax() { return Syntax.RSS; }
    }

    record Smaps(Origin origin, Expectation expectation, String process, Address address) implements Statement {
        @Override public Syntax syntax() { return Syntax.SMAPS; }
    }

    record Mappings(Origin origin, Expectation expectation, String process) implements Statement {
        @Override public Syntax syntax() { return Syntax.MAPPINGS; }
    }

    record Signals(Origin origin, Expectation expectation, String process) implements Statement {
        @Override public Syntax syntax() { return Syntax.SIGNALS; }
    }

    record State(Origin origin, Expectation expectation) implements Statement {
        @Override public Syntax syntax() { return Syntax.STATE; }
    }

    record Check(Origin origin, Expectation expectation) implements Statement {
        @Override public Syntax syntax() { return Syntax.CHECK; }
    }

    // ------------------------------------------------------------------ processes (§5)

    /** {@code P VERB ...}: an operation process {@code process} performs. */
    sealed interface OfProcess extends Statement {
        String process();

        @Override
        default String subject() {
            return process();
        }
    }

    record Open(Origin origin, Expectation expectation, String process, String path, boolean readOnly, String fd)
            implements OfProcess {
        @Override public Syntax syntax() { return Syntax.OPEN; }
    }

    /** {@code at} null: the kernel chooses the address. */
    record Mmap(Origin origin, Expectation expectation, String process, String fd, long len, long off, boolean shared,
                boolean writable, Long at, boolean populate, boolean sync, String address) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.MMAP; }
    }

    /** {@code P read ADDR}: one load. */
    record Load(Origin origin, Expectation expectation, String process, Address address) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.LOAD; }
    }

    /** {@code P write ADDR}: one store. */
    record Store(Origin origin, Expectation expectation, String process, Address address) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.STORE; }
    }

    record Touch(Origin origin, Expectation expectation, String process, Address address, long len, long step,
                 boolean write) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.TOUCH; }
    }

    record Munmap(Origin origin, Expectation expectation, String process, Address address, long len) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.MUNMAP; }
    }

    record Mprotect(Origin origin, Expectation expectation, String process, Address address, long len, boolean writable)
            implements OfProcess {
        @Override public Syntax syntax() { return Syntax.MPROTECT; }
    }

    record Madvise(Origin origin, Expectation expectation, String process, Address address, long len, Advice advice)
            implements OfProcess {
        @Override public Syntax syntax() { return Syntax.MADVISE; }
    }

    /** FOLL_PIN|FOLL_LONGTERM on {@code len} bytes, the handle bound to {@code handle}. */
    record Pin(Origin origin, Expectation expectation, String process, Address address, long len, String handle)
            implements OfProcess {
        @Override public Syntax syntax() { return Syntax.PIN; }
    }

    /** FOLL_GET on {@code len} bytes, the handle bound to {@code handle}. */
    record Get(Origin origin, Expectation expectation, String process, Address address, long len, String handle)
            implements OfProcess {
        @Override public Syntax syntax() { return Syntax.GET; }
    }

    record Release(Origin origin, Expectation expectation, String process, String handle) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.RELEASE; }
    }

    record Fdread(Origin origin, Expectation expectation, String process, String fd, long len) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.FDREAD; }
    }

    record Mremap(Origin origin, Expectation expectation, String process, Address address, long len, long newLen,
                  boolean mayMove, String moved) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.MREMAP; }
    }

    record Prctl(Origin origin, Expectation expectation, String process, MceKill mceKill) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.PRCTL; }
    }

    record Close(Origin origin, Expectation expectation, String process, String fd) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.CLOSE; }
    }

    record Fork(Origin origin, Expectation expectation, String process, String child) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.FORK; }
    }

    record Exit(Origin origin, Expectation expectation, String process) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.EXIT; }
    }

    /** Anonymous memory bound to one node, as under {@code numactl --membind=N}. */
    record Alloc(Origin origin, Expectation expectation, String process, long len, int node) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.ALLOC; }
    }

    /** A process keeps accessing part of its anonymous memory (for DAMON); {@code len} 0 means to its end. */
    record Work(Origin origin, Expectation expectation, String process, long off, long len, int rate) implements OfProcess {
        @Override public Syntax syntax() { return Syntax.WORK; }
    }

    /** A DAMON monitor over a node's memory; intervals in microseconds. */
    record Monitor(Origin origin, Expectation expectation, int node, long sampleUs, long aggrUs, int minRegions, int maxRegions,
                   long seed) implements Statement {
        @Override public Syntax syntax() { return Syntax.MONITOR; }
    }

    /** Simulated time passes for DAMON. */
    record Elapse(Origin origin, Expectation expectation, long us) implements Statement {
        @Override public Syntax syntax() { return Syntax.ELAPSE; }
    }
}
