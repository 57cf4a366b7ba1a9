package dev.daxscope.scenario;

import dev.daxscope.daxctl.DaxctlCommands;
import dev.daxscope.daxctl.DaxctlList;
import dev.daxscope.daxctl.SimSysfsAccess;
import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.FolioInfo;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.Outcome;
import dev.daxscope.sim.Kernel;
import dev.daxscope.sim.SimInspector;
import dev.daxscope.sim.dax.DevDax;
import dev.daxscope.sim.dax.RegionSpec;
import dev.daxscope.sim.kmem.MemoryHotplug;
import dev.daxscope.sim.kmem.MemoryTiers;
import dev.daxscope.sim.mm.MemoryManager;
import dev.daxscope.sim.mm.SimProcess;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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

    /** One case per statement, and no default: a statement without a case here does not compile. */
    private StepResult execute(Statement s) {
        return switch (s) {
            case Statement.Kernel k -> {
                profile = k.profile();
                yield status(s, Outcome.ok());
            }
            case Statement.Memory m -> {
                memory = new MemoryHotplug(m.block(), m.autoOnline().keyword(), m.nodes(), m.ram());
                yield status(s, Outcome.ok());
            }
            case Statement.Node n -> {
                kernel().tiers().setPerformance(n.node(), new MemoryTiers.NodePerformance(n.readLatency(), n.writeLatency(),
                        n.readBandwidth(), n.writeBandwidth()));
                yield status(s, Outcome.ok());
            }
            case Statement.Region r -> status(s, kernel().createRegion(new RegionSpec(r.name(), r.kind(), r.start(),
                    r.size(), r.align() == null ? 2L << 20 : r.align(), r.id(), r.targetNode(), r.numaNode(), r.idle(),
                    r.parent())));
            case Statement.Read r -> {
                var read = kernel().sysfs().read(r.path());
                String text = read.text() != null && read.text().endsWith("\n")
                        ? read.text().substring(0, read.text().length() - 1) : read.text();
                yield read.ok() ? readText(r, text) : status(s, read.outcome());
            }
            case Statement.Write w -> status(s, kernel().sysfs().write(w.path(), w.value() + "\n"));
            case Statement.Bind b -> status(s, kernel().sysfs().write("/sys/bus/dax/drivers/" + b.driver().keyword() + "/bind",
                    b.device() + "\n"));
            case Statement.Unbind u -> unbind(u);
            case Statement.User u -> {
                kernel().setUser(u.account().keyword());
                yield status(s, Outcome.ok());
            }
            case Statement.Remove r -> removeRegion(r);
            case Statement.Daxctl d -> daxctl(d, new DaxctlCommands(new SimSysfsAccess(kernel()),
                    () -> inspector().snapshot("simulated")).run(d.args()));
            case Statement.Poison p -> poison(p);
            case Statement.Say say -> new StepResult(s, say.narration(), "", null, null, "");
            case Statement.Pause _ -> new StepResult(s, "", "", null, null, "");
            case Statement.Spawn sp -> {
                processes.put(sp.name(), kernel().spawn(sp.name()));
                yield status(s, Outcome.ok());
            }
            case Statement.Folio f -> folio(f);
            case Statement.Rss r -> observe(s, r.process(), p -> rss(s, p.rssFile()));
            case Statement.Smaps m -> observe(s, m.process(), p -> smaps(m, p));
            case Statement.Mappings m -> observe(s, m.process(), p -> shown(s, "ok", mappings(p),
                    s.expectation() instanceof Expectation.Ok));
            case Statement.Signals g -> observe(s, g.process(), p -> signals(s, p));
            case Statement.State _ -> state(s, inspector().snapshot("simulated"));
            case Statement.Check _ -> check(s);
            case Statement.Monitor m -> status(s, kernel().monitor(m.node(), damonSeeded(m)));
            case Statement.Elapse e -> {
                kernel().elapse(e.us());
                yield new StepResult(s, "ok", "", null, null, "");
            }
            case Statement.OfProcess op -> processStatement(op);
        };
    }

    /** {@code unbind DEV [DRIVER]}: from the driver named, else the one it is bound to (device_dax when none). */
    private StepResult unbind(Statement.Unbind u) {
        String driver = u.driver() != null ? u.driver().keyword() : kernel().device(u.device()).map(DevDax::driver)
                .filter(DriverKind::bound).orElse(DriverKind.DEVICE_DAX).sysfsName();
        return status(u, kernel().sysfs().write("/sys/bus/dax/drivers/" + driver + "/unbind", u.device() + "\n"));
    }

    /** {@code remove REGION}: the provider takes the region away, devices and all (R82). */
    private StepResult removeRegion(Statement.Remove r) {
        Kernel k = kernel();
        return status(r, k.regionByAlias(r.region()).map(region -> {
            k.lock().writeLock().lock();
            try {
                return k.bus().removeRegion(region);
            } finally {
                k.lock().writeLock().unlock();
            }
        }).orElse(Outcome.fail(Errno.ENODEV, "R82", "region " + r.region() + " is already gone")));
    }

    /** {@code poison PHYS [by PROC]}: memory_failure on that line, as the process's access or the machine's. */
    private StepResult poison(Statement.Poison p) {
        SimProcess by = p.by() == null ? null : processes.get(p.by());
        Kernel k = kernel();
        k.lock().writeLock().lock();
        try {
            return status(p, k.poison().memoryFailure(p.phys(), by, 0));
        } finally {
            k.lock().writeLock().unlock();
        }
    }

    /** {@code PROC signals}: the signals delivered since the last look, against none or the ones expected. */
    private StepResult signals(Statement s, SimProcess p) {
        List<String> got = p.drainSignals();
        Expectation e = s.expectation();
        return shown(s, got.isEmpty() ? "none" : String.join(" ", got), "", e instanceof Expectation.None
                ? got.isEmpty() : e instanceof Expectation.Signals want && signalsMatch(want.signals(), got));
    }

    /** {@code check}: the simulator's invariants hold, or the first that does not (R67). */
    private StepResult check(Statement s) {
        Optional<String> v = inspector().checkInvariants();
        Outcome o = v.map(x -> (Outcome) Outcome.fail(Errno.EINVAL, "R67", x)).orElse(Outcome.ok());
        StepResult r = status(s, o);
        return v.isPresent() ? new StepResult(s, "violated", "", r.expected(), r.pass(), v.get()) : r;
    }

    /** A successful {@code read PATH} on either target: the text, checked against {@code "text"} or ok. */
    static StepResult readText(Statement.Read s, String text) {
        String shown = new Expectation.Text(text).display();
        if (s.expectation() == null) {
            return new StepResult(s, shown, "", null, null, "");
        }
        boolean pass = s.expectation() instanceof Expectation.Text t ? t.text().equals(text)
                : s.expectation() instanceof Expectation.Ok;
        return new StepResult(s, shown, "", s.expectation().display(), pass, "");
    }

    /** A daxctl statement's result on either target: its status, and what daxctl printed. */
    static StepResult daxctl(Statement.Daxctl s, DaxctlCommands.Result r) {
        StepResult base = status(s, r.outcome());
        return new StepResult(s, base.result(), r.stdout().strip(), base.expected(), base.pass(), base.detail());
    }

    /** {@code state} on either target: the machine as {@code daxscope list -RDM} prints it. */
    static StepResult state(Statement s, MachineSnapshot snap) {
        String json = DaxctlList.print(snap, new DaxctlList.Options(true, true, true, true, false, null, null));
        return new StepResult(s, "ok", json.isEmpty() ? "[]" : json, null, null, "");
    }

    /**
     * {@code rss P}, {@code smaps P ADDR}, {@code mappings P}, {@code signals P}: ESRCH once P has
     * exited, else what P shows, checked against any expectation (without one the result is only
     * printed).
     */
    private StepResult observe(Statement s, String name, Function<SimProcess, StepResult> alive) {
        SimProcess p = processes.get(name);
        if (!p.alive()) {
            Outcome gone = Outcome.fail(Errno.ESRCH, "", "process " + name + " has exited");
            return s.expectation() == null ? new StepResult(s, gone.token(), "", null, null, gone.toString()) : status(s, gone);
        }
        return alive.apply(p);
    }

    /** What an observation shows, with {@code pass} when the line has an expectation. */
    private static StepResult shown(Statement s, String shown, String output, boolean pass) {
        Expectation e = s.expectation();
        return e == null ? new StepResult(s, shown, output, null, null, "")
                : new StepResult(s, shown, output, e.display(), pass, "");
    }

    /**
     * The Rss /proc/PID/smaps shows for the mapping containing ADDR under this kernel's profile
     * (not RssFile), EFAULT when P maps nothing there.
     */
    private StepResult smaps(Statement.Smaps s, SimProcess p) {
        long addr = s.address().resolve(addresses);
        return inspector().snapshot("simulated").processes().stream().filter(pi -> pi.pid() == p.pid())
                .flatMap(pi -> pi.vmas().stream())
                .filter(v -> Long.compareUnsigned(addr, v.start()) >= 0 && Long.compareUnsigned(addr, v.end()) < 0)
                .findFirst().map(v -> rss(s, v.smapsRss(profile)))
                .orElseGet(() -> status(s, Outcome.fail(Errno.EFAULT, "", "no mapping of " + s.process() + " contains "
                        + s.address())));
    }

    /** An {@code rss=SIZE} result ({@code rss}, {@code smaps}, on either target), checked against an expectation. */
    static StepResult rss(Statement s, long bytes) {
        String shown = "rss=" + sizeText(bytes);
        Expectation e = s.expectation();
        return e == null ? new StepResult(s, shown, "", null, null, "")
                : new StepResult(s, shown, "", e.display(), e instanceof Expectation.Rss want && want.bytes() == bytes, "");
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

    /** Compares an outcome with the expectation (default: ok). */
    static StepResult status(Statement s, Outcome o) {
        Expectation e = s.expectation() == null ? new Expectation.Ok() : s.expectation();
        boolean pass = switch (e) {
            case Expectation.Ok ok -> o.isOk();
            case Expectation.Errno en -> o instanceof Outcome.Failure f && f.errno().name().equals(en.name());
            case Expectation.Signals sg -> o instanceof Outcome.Signal sig && sg.signals().size() == 1
                    && signalMatches(sg.signals().get(0), sig.token());
            // The parser gives a status statement none of these.
            case Expectation.Text _, Expectation.FolioCounts _, Expectation.Rss _, Expectation.None _ -> false;
        };
        String detail = o.isOk() ? o.explanation() : o.toString();
        return new StepResult(s, o.token(), "", e.display(), pass, detail);
    }

    private StepResult folio(Statement.Folio s) {
        Optional<FolioInfo> f = s.phys() != null ? inspector().folioAtPhys(s.phys()) : inspector().folio(s.device(), s.pgoff());
        String shown = f.map(x -> "ref=" + x.refcount() + " map=" + x.mapcount() + " pin=" + x.pinnedPages()).orElse("none");
        if (s.expectation() == null) {
            return new StepResult(s, shown, "", null, null, "");
        }
        boolean pass;
        if (s.expectation() instanceof Expectation.None) {
            pass = f.isEmpty();
        } else if (s.expectation() instanceof Expectation.FolioCounts c && f.isPresent()) {
            FolioInfo x = f.get();
            pass = c.values().entrySet().stream().allMatch(en -> en.getValue() == switch (en.getKey()) {
                case REF -> x.refcount();
                case MAP -> x.mapcount();
                case PIN -> x.pinnedPages();
            });
        } else {
            pass = false;
        }
        return new StepResult(s, shown, "", s.expectation().display(), pass, "");
    }

    /** One case per process operation, and no default. */
    private StepResult processStatement(Statement.OfProcess s) {
        SimProcess p = processes.get(s.process());
        MemoryManager mm = kernel().mm();
        var slot = mm.defaultContext();
        return switch (s) {
            case Statement.Open o -> {
                var opened = mm.open(p, o.path(), !o.readOnly());
                fds.put(o.fd(), opened.fd());
                yield status(s, opened.outcome());
            }
            case Statement.Mmap m -> {
                var mapped = mm.mmap(p, fds.getOrDefault(m.fd(), -1), new MemoryManager.MmapRequest(m.len(), m.off(),
                        m.shared(), m.writable(), m.at(), m.populate(), m.sync()));
                addresses.put(m.address(), mapped.address());
                yield status(s, mapped.outcome());
            }
            case Statement.Load l -> status(s, mm.access(slot, p, l.address().resolve(addresses), false));
            case Statement.Store w -> status(s, mm.access(slot, p, w.address().resolve(addresses), true));
            case Statement.Touch t -> status(s, touch(t.address().resolve(addresses), t.len(), t.step(),
                    a -> mm.access(slot, p, a, t.write())));
            case Statement.Munmap m -> status(s, mm.munmap(p, m.address().resolve(addresses), m.len()));
            case Statement.Mprotect m -> status(s, mm.mprotect(p, m.address().resolve(addresses), m.len(), m.writable()));
            case Statement.Madvise m -> status(s, mm.madvise(p, m.address().resolve(addresses), m.len(), m.advice().keyword()));
            case Statement.Pin g -> gup(g, p, g.address(), g.len(), true, g.handle());
            case Statement.Get g -> gup(g, p, g.address(), g.len(), false, g.handle());
            case Statement.Release r -> status(s, mm.release(p, handles.getOrDefault(r.handle(), -1)));
            case Statement.Fdread f -> status(s, mm.fdRead(p, fds.getOrDefault(f.fd(), -1)));
            case Statement.Mremap m -> {
                var moved = mm.mremap(p, m.address().resolve(addresses), m.len(), m.newLen(), m.mayMove());
                addresses.put(m.moved(), moved.address());
                yield status(s, moved.outcome());
            }
            case Statement.Prctl c -> {
                if (!p.alive()) {
                    yield status(s, Outcome.fail(Errno.ESRCH, "", "process has exited"));
                }
                p.setMceKill(c.mceKill().keyword());
                yield status(s, Outcome.ok());
            }
            case Statement.Close c -> status(s, mm.close(p, fds.getOrDefault(c.fd(), -1)));
            case Statement.Fork f -> {
                if (!p.alive()) {
                    processes.put(f.child(), kernel().spawn(f.child()));
                    processes.get(f.child()).markExited();
                    yield status(s, Outcome.fail(Errno.ESRCH, "", "process has exited"));
                }
                processes.put(f.child(), mm.fork(p, f.child()));
                yield status(s, Outcome.ok());
            }
            case Statement.Exit _ -> status(s, mm.exit(p));
            case Statement.Alloc al -> status(s, kernel().anon().alloc(p, al.len(), al.node()));
            case Statement.Work w -> status(s, kernel().work(p, new dev.daxscope.sim.damon.SimDamon.Work(w.off(), w.len(), w.rate())));
        };
    }

    private dev.daxscope.sim.damon.MonitorAttributes damonSeeded(Statement.Monitor m) {
        kernel().damon().setSeed(m.seed());
        return new dev.daxscope.sim.damon.MonitorAttributes(m.sampleUs(), m.aggrUs(),
                dev.daxscope.sim.damon.MonitorAttributes.DEFAULTS.updateUs(), m.minRegions(), m.maxRegions());
    }

    /** {@code pin} (FOLL_PIN) or {@code get} (FOLL_GET): the handle is bound even when it failed. */
    private StepResult gup(Statement s, SimProcess p, Statement.Address address, long len, boolean pin, String handle) {
        var grabbed = kernel().mm().gup(p, address.resolve(addresses), len, pin);
        handles.put(handle, grabbed.handle());
        return status(s, grabbed.outcome());
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

    private String mappings(SimProcess p) {
        StringBuilder b = new StringBuilder();
        MachineSnapshot snap = inspector().snapshot("simulated");
        snap.processes().stream().filter(x -> x.pid() == p.pid()).findFirst().ifPresent(pi -> {
            for (MachineSnapshot.VmaInfo v : pi.vmas()) {
                b.append(String.format(Locale.ROOT, "  %x-%x %s pgoff=0x%x %s%s pte=%d pmd=%d pud=%d%n", v.start(), v.end(),
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
