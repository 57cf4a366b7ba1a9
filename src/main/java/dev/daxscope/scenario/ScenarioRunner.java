package dev.daxscope.scenario;

import dev.daxscope.daxctl.DaxctlList;
import dev.daxscope.daxctl.DaxctlCommands;
import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.SimInspector;
import dev.daxscope.sim.dax.DriverKind;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.kmem.MemoryTiers;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;
import dev.daxscope.sim.dax.RegionKind;
import dev.daxscope.sim.dax.RegionSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executes a parsed scenario against a simulated kernel, one statement at a time (the inspector's
 * player steps it; {@code daxscope run} runs it to the end), and checks each expectation.
 */
public final class ScenarioRunner implements StatementRunner {
    private final Scenario scenario;
    private KernelProfile profile;
    private MemoryHotplug memory = MemoryHotplug.defaults();
    private Kernel kernel;
    private SimInspector inspector;
    private final Map<String, SimProcess> processes = new HashMap<>();
    private final Map<String, Integer> fds = new HashMap<>();
    private final Map<String, Long> addresses = new HashMap<>();
    private final Map<String, Integer> handles = new HashMap<>();
    private int next;

    public ScenarioRunner(Scenario scenario) {
        this.scenario = scenario;
        this.profile = scenario.kernel();
    }

    public Scenario scenario() {
        return scenario;
    }

    @Override
    public boolean hasNext() {
        return next < scenario.statements().size();
    }

    /** Index of the next statement to run. */
    public int position() {
        return next;
    }

    /** The simulated kernel, created when the first statement that needs it runs. */
    public Kernel kernel() {
        if (kernel == null) {
            kernel = new Kernel(profile, memory);
            inspector = new SimInspector(kernel);
        }
        return kernel;
    }

    public SimInspector inspector() {
        kernel();
        return inspector;
    }

    /** Runs the next statement. */
    @Override
    public StepResult step() {
        Statement s = scenario.statements().get(next++);
        try {
            return execute(s);
        } catch (RuntimeException e) {
            return StepResult.internalError(s, e);
        }
    }

    private StepResult execute(Statement s) {
        String verb = s.verb();
        if (s.subject() != null) {
            return processStatement(s);
        }
        switch (verb) {
            case "kernel" -> {
                profile = KernelProfile.parse(s.arg(0)).orElseThrow();
                return status(s, Outcome.ok());
            }
            case "memory" -> {
                long block = opt(s, "block", MemoryHotplug.DEFAULT_BLOCK);
                String auto = s.options().containsKey("auto_online") ? s.options().get("auto_online").text() : "offline";
                int nodes = (int) opt(s, "nodes", 1);
                long ram = opt(s, "ram", MemoryHotplug.DEFAULT_RAM);
                memory = new MemoryHotplug(block, auto, nodes, ram);
                return status(s, Outcome.ok());
            }
            case "node" -> {
                kernel().tiers().setPerformance((int) (long) ScriptNumbers.parseIntOrNull(s.arg(0)),
                        new MemoryTiers.NodePerformance(opt(s, "read_latency", 0), opt(s, "write_latency", 0),
                                opt(s, "read_bandwidth", 0), opt(s, "write_bandwidth", 0)));
                return status(s, Outcome.ok());
            }
            case "region" -> {
                long start = opt(s, "start", 0);
                long size = opt(s, "size", 0);
                long align = opt(s, "align", 2L << 20);
                Integer id = s.options().containsKey("id") ? (int) opt(s, "id", 0) : null;
                int targetNode = (int) opt(s, "target_node", 0);
                Integer numa = s.options().containsKey("numa_node") ? (int) opt(s, "numa_node", 0) : null;
                String parent = s.options().containsKey("parent") ? s.options().get("parent").text() : null;
                Outcome o = kernel().createRegion(new RegionSpec(s.arg(0), RegionKind.ofKeyword(s.arg(1)), start,
                        size, align, id, targetNode, numa, s.has("idle"), parent));
                return status(s, o);
            }
            case "read" -> {
                var r = kernel().sysfs().read(s.arg(0));
                if (!r.ok()) {
                    return status(s, r.outcome());
                }
                String text = r.text().endsWith("\n") ? r.text().substring(0, r.text().length() - 1) : r.text();
                String shown = new Expectation.Text(text).display();
                if (s.expectation() == null) {
                    return new StepResult(s, shown, "", null, null, "");
                }
                boolean pass = s.expectation() instanceof Expectation.Text t ? t.text().equals(text)
                        : s.expectation() instanceof Expectation.Ok;
                return new StepResult(s, shown, "", s.expectation().display(), pass, "");
            }
            case "write" -> {
                return status(s, kernel().sysfs().write(s.arg(0), s.arg(1) + "\n"));
            }
            case "bind" -> {
                return status(s, kernel().sysfs().write("/sys/bus/dax/drivers/" + s.arg(1) + "/bind", s.arg(0) + "\n"));
            }
            case "unbind" -> {
                String driver = s.args().size() > 1 ? s.arg(1) : kernel().device(s.arg(0))
                        .map(d -> d.driver() == DriverKind.NONE ? "device_dax" : d.driver().sysfsName()).orElse("device_dax");
                return status(s, kernel().sysfs().write("/sys/bus/dax/drivers/" + driver + "/unbind", s.arg(0) + "\n"));
            }
            case "user" -> {
                kernel().setUser(s.arg(0));
                return status(s, Outcome.ok());
            }
            case "remove" -> {
                Kernel k = kernel();
                Outcome o = k.regionByAlias(s.arg(1)).map(r -> {
                    k.lock().writeLock().lock();
                    try {
                        return k.bus().removeRegion(r);
                    } finally {
                        k.lock().writeLock().unlock();
                    }
                }).orElse(Outcome.fail(dev.daxscope.model.Errno.ENODEV, "R82", "region " + s.arg(1) + " is already gone"));
                return status(s, o);
            }
            case "daxctl" -> {
                List<String> args = s.args().stream().map(Token::text).toList();
                DaxctlCommands.Result r = new DaxctlCommands(new dev.daxscope.daxctl.SimSysfsAccess(kernel()),
                        () -> inspector().snapshot("simulated")).run(args);
                StepResult base = status(s, r.outcome());
                return new StepResult(s, base.result(), r.stdout().strip(), base.expected(), base.pass(), base.detail());
            }
            case "poison" -> {
                long phys = ScriptNumbers.parseIntOrNull(s.arg(0));
                SimProcess by = s.args().size() == 3 ? processes.get(s.arg(2)) : null;
                Kernel k = kernel();
                k.lock().writeLock().lock();
                try {
                    return status(s, k.poison().memoryFailure(phys, by, 0));
                } finally {
                    k.lock().writeLock().unlock();
                }
            }
            case "say" -> {
                String text = String.join(" ", s.args().stream().map(Token::text).toList());
                return new StepResult(s, text, "", null, null, "");
            }
            case "pause" -> {
                return new StepResult(s, "", "", null, null, "");
            }
            case "spawn" -> {
                processes.put(s.arg(0), kernel().spawn(s.arg(0)));
                return status(s, Outcome.ok());
            }
            case "folio" -> {
                return folio(s);
            }
            case "rss", "smaps", "mappings", "signals" -> {
                return observeProcess(s, processes.get(s.arg(0)));
            }
            case "state" -> {
                MachineSnapshot snap = inspector().snapshot("simulated");
                String json = DaxctlList.print(snap, new DaxctlList.Options(true, true, true, true, false, null, null));
                return new StepResult(s, "ok", json.isEmpty() ? "[]" : json, null, null, "");
            }
            case "check" -> {
                Optional<String> v = inspector().checkInvariants();
                Outcome o = v.map(x -> (Outcome) Outcome.fail(dev.daxscope.model.Errno.EINVAL, "R67", x)).orElse(Outcome.ok());
                StepResult r = status(s, o);
                return v.isPresent() ? new StepResult(s, "violated", "", r.expected(), r.pass(), v.get()) : r;
            }
            default -> throw new IllegalStateException("unhandled statement " + verb);
        }
    }

    /**
     * {@code rss P}, {@code smaps P ADDR}, {@code mappings P}, {@code signals P}: ESRCH once P has
     * exited, else what P shows, checked against any expectation (without one the result is only
     * printed). {@code smaps} is the Rss /proc/PID/smaps shows for the mapping containing ADDR under
     * this kernel's profile (not RssFile), EFAULT when P maps nothing there.
     */
    private StepResult observeProcess(Statement s, SimProcess p) {
        Expectation e = s.expectation();
        if (!p.alive()) {
            Outcome gone = Outcome.fail(dev.daxscope.model.Errno.ESRCH, "", "process " + s.arg(0) + " has exited");
            return e == null ? new StepResult(s, gone.token(), "", null, null, gone.toString()) : status(s, gone);
        }
        String shown;
        String output = "";
        boolean pass;
        switch (s.verb()) {
            case "rss" -> {
                return rss(s, p.rssFile());
            }
            case "smaps" -> {
                long addr = address(s.arg(1));
                return inspector().snapshot("simulated").processes().stream().filter(pi -> pi.pid() == p.pid())
                        .flatMap(pi -> pi.vmas().stream())
                        .filter(v -> Long.compareUnsigned(addr, v.start()) >= 0 && Long.compareUnsigned(addr, v.end()) < 0)
                        .findFirst().map(v -> rss(s, v.smapsRss(profile)))
                        .orElseGet(() -> status(s, Outcome.fail(dev.daxscope.model.Errno.EFAULT, "", "no mapping of "
                                + s.arg(0) + " contains " + s.arg(1))));
            }
            case "mappings" -> {
                shown = "ok";
                output = mappings(p);
                pass = e instanceof Expectation.Ok;
            }
            default -> {
                List<String> got = p.drainSignals();
                shown = got.isEmpty() ? "none" : String.join(" ", got);
                pass = e instanceof Expectation.None ? got.isEmpty()
                        : e instanceof Expectation.Signals want && signalsMatch(want.signals(), got);
            }
        }
        return e == null ? new StepResult(s, shown, output, null, null, "")
                : new StepResult(s, shown, output, e.display(), pass, "");
    }

    /** An {@code rss=SIZE} result ({@code rss}, {@code smaps}, on either target), checked against an expectation. */
    static StepResult rss(Statement s, long bytes) {
        String shown = "rss=" + sizeText(bytes);
        Expectation e = s.expectation();
        return e == null ? new StepResult(s, shown, "", null, null, "")
                : new StepResult(s, shown, "", e.display(), e instanceof Expectation.Counters c
                && c.values().get("rss") == bytes, "");
    }

    private static boolean signalsMatch(List<String> want, List<String> got) {
        boolean pass = want.size() == got.size();
        for (int i = 0; pass && i < want.size(); i++) {
            pass = signalMatches(want.get(i), got.get(i));
        }
        return pass;
    }

    static boolean signalMatches(String want, String got) {
        return want.contains(":") ? want.equals(got) : got.startsWith(want + ":") || got.equals(want);
    }

    static long opt(Statement s, String key, long def) {
        var t = s.options().get(key);
        if (t == null) {
            return def;
        }
        Long v = ScriptNumbers.parseSizeOrNull(t.text());
        return v != null ? v : ScriptNumbers.parseIntOrNull(t.text());
    }

    /** Compares an outcome with the expectation (default: ok). */
    static StepResult status(Statement s, Outcome o) {
        Expectation e = s.expectation() == null ? new Expectation.Ok() : s.expectation();
        boolean pass = switch (e) {
            case Expectation.Ok ok -> o.isOk();
            case Expectation.Errno en -> o instanceof Outcome.Failure f && f.errno().name().equals(en.name());
            case Expectation.Signals sg -> o instanceof Outcome.Signal sig && sg.signals().size() == 1
                    && signalMatches(sg.signals().get(0), sig.token());
            default -> false;
        };
        String detail = o.isOk() ? o.explanation() : o.toString();
        return new StepResult(s, o.token(), "", e.display(), pass, detail);
    }

    private StepResult folio(Statement s) {
        Optional<FolioInfo> f;
        if (s.options().containsKey("phys")) {
            f = inspector().folioAtPhys(opt(s, "phys", 0));
        } else {
            f = inspector().folio(s.arg(0), opt(s, "pgoff", 0));
        }
        String shown = f.map(x -> "ref=" + x.refcount() + " map=" + x.mapcount() + " pin=" + x.pinnedPages()).orElse("none");
        if (s.expectation() == null) {
            return new StepResult(s, shown, "", null, null, "");
        }
        boolean pass;
        if (s.expectation() instanceof Expectation.None) {
            pass = f.isEmpty();
        } else if (s.expectation() instanceof Expectation.Counters c && f.isPresent()) {
            FolioInfo x = f.get();
            pass = c.values().entrySet().stream().allMatch(en -> switch (en.getKey()) {
                case "ref" -> en.getValue() == x.refcount();
                case "map" -> en.getValue() == x.mapcount();
                default -> en.getValue() == x.pinnedPages();
            });
        } else {
            pass = false;
        }
        return new StepResult(s, shown, "", s.expectation().display(), pass, "");
    }

    private StepResult processStatement(Statement s) {
        SimProcess p = processes.get(s.subject());
        MemoryManager mm = kernel().mm();
        var slot = mm.defaultContext();
        switch (s.verb()) {
            case "open" -> {
                var opened = mm.open(p, s.arg(0), !s.has("ro"));
                fds.put(s.binds(), opened.fd());
                return status(s, opened.outcome());
            }
            case "mmap" -> {
                int fd = fds.getOrDefault(s.arg(0), -1);
                Long at = s.options().containsKey("at") ? opt(s, "at", 0) : null;
                var mapped = mm.mmap(p, fd, new MemoryManager.MmapRequest(opt(s, "len", 0), opt(s, "off", 0),
                        !s.has("private"), !s.has("ro"), at, s.has("populate"), s.has("sync")));
                addresses.put(s.binds(), mapped.address());
                return status(s, mapped.outcome());
            }
            case "read", "write" -> {
                return status(s, mm.access(slot, p, address(s.arg(0)), s.verb().equals("write")));
            }
            case "touch" -> {
                boolean write = s.has("write");
                return status(s, touch(address(s.arg(0)), opt(s, "len", 0), opt(s, "step", 4096),
                        a -> mm.access(slot, p, a, write)));
            }
            case "munmap" -> {
                return status(s, mm.munmap(p, address(s.arg(0)), opt(s, "len", 0)));
            }
            case "mprotect" -> {
                return status(s, mm.mprotect(p, address(s.arg(0)), opt(s, "len", 0), s.has("rw")));
            }
            case "madvise" -> {
                return status(s, mm.madvise(p, address(s.arg(0)), opt(s, "len", 0), s.flags().get(0)));
            }
            case "pin", "get" -> {
                var grabbed = mm.gup(p, address(s.arg(0)), opt(s, "len", 4096), s.verb().equals("pin"));
                handles.put(s.binds(), grabbed.handle());
                return status(s, grabbed.outcome());
            }
            case "release" -> {
                return status(s, mm.release(p, handles.getOrDefault(s.arg(0), -1)));
            }
            case "fdread" -> {
                return status(s, mm.fdRead(p, fds.getOrDefault(s.arg(0), -1)));
            }
            case "mremap" -> {
                var moved = mm.mremap(p, address(s.arg(0)), opt(s, "len", 0), opt(s, "newlen", 0), s.has("maymove"));
                addresses.put(s.binds(), moved.address());
                return status(s, moved.outcome());
            }
            case "prctl" -> {
                if (!p.alive()) {
                    return status(s, Outcome.fail(dev.daxscope.model.Errno.ESRCH, "", "process has exited"));
                }
                p.setMceKill(s.arg(1));
                return status(s, Outcome.ok());
            }
            case "close" -> {
                return status(s, mm.close(p, fds.getOrDefault(s.arg(0), -1)));
            }
            case "fork" -> {
                if (!p.alive()) {
                    processes.put(s.arg(0), kernel().spawn(s.arg(0)));
                    processes.get(s.arg(0)).markExited();
                    return status(s, Outcome.fail(dev.daxscope.model.Errno.ESRCH, "", "process has exited"));
                }
                processes.put(s.arg(0), mm.fork(p, s.arg(0)));
                return status(s, Outcome.ok());
            }
            case "exit" -> {
                return status(s, mm.exit(p));
            }
            case "alloc" -> {
                return status(s, kernel().anon().alloc(p, opt(s, "len", 0), (int) opt(s, "node", 0)));
            }
            default -> throw new IllegalStateException("unhandled process statement " + s.verb());
        }
    }

    /**
     * Accesses [addr, addr+len) every {@code step} bytes until one fails. Unsigned and saturating:
     * a length past 2^64 walks on until it leaves the mappings (SIGSEGV), as a real loop would.
     */
    static Outcome touch(long addr, long len, long step, java.util.function.LongFunction<Outcome> access) {
        long end = Long.compareUnsigned(addr + len, addr) < 0 ? -1L : addr + len;
        Outcome o = Outcome.ok();
        for (long a = addr; Long.compareUnsigned(a, end) < 0 && o.isOk(); a += step) {
            o = access.apply(a);
            if (Long.compareUnsigned(a + step, a) < 0) {
                break;
            }
        }
        return o;
    }

    private long address(String expr) {
        int plus = expr.indexOf('+');
        Long literal = ScriptNumbers.parseIntOrNull(expr);
        if (literal != null) {
            return literal;
        }
        String name = plus < 0 ? expr : expr.substring(0, plus);
        long base = addresses.getOrDefault(name, 0L);
        if (base == 0) {
            return 0;
        }
        return plus < 0 ? base : base + ScriptNumbers.parseIntOrNull(expr.substring(plus + 1));
    }

    private String mappings(SimProcess p) {
        StringBuilder b = new StringBuilder();
        MachineSnapshot snap = inspector().snapshot("simulated");
        snap.processes().stream().filter(x -> x.pid() == p.pid()).findFirst().ifPresent(pi -> {
            for (MachineSnapshot.VmaInfo v : pi.vmas()) {
                b.append(String.format("  %x-%x %s pgoff=0x%x %s%s pte=%d pmd=%d pud=%d%n", v.start(), v.end(),
                        v.device(), v.pgoff(), v.writable() ? "rw" : "ro", v.noHugepage() ? " nohugepage" : "",
                        v.ptes(), v.pmds(), v.puds()));
            }
            if (pi.vmas().isEmpty()) {
                b.append("  (no device-DAX mappings)\n");
            }
        });
        return b.toString().stripTrailing();
    }

    /** A size the way scripts write it: the largest exact binary unit. */
    public static String sizeText(long bytes) {
        String[] units = {"T", "G", "M", "K"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes != 0 && bytes % (1L << shifts[i]) == 0) {
                return (bytes >> shifts[i]) + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
