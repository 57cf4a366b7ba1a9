package dev.daxscope.ui;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.FaultEvent;
import dev.daxscope.model.KernelProfile;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.Outcome;
import dev.daxscope.source.DaxSource;
import dev.daxscope.source.open.Machines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The inspector's state of now, apart from any widget: the source, its kernel profile, the
 * snapshot shown, live/paused, the refresh cadence, the selection, the device the page map
 * shows, the fault feed, the stats history and the problem to show. Switching source or kernel
 * is one {@link Transition} every view observes; what resets and what carries over is decided
 * here ({@link #switchTo}). Lives on the FX thread; background work goes through
 * {@link BackgroundTasks}.
 */
public final class InspectorViewModel implements AutoCloseable {
    /** Samples the stats view holds. */
    static final int HISTORY = 480;

    /** Why the source changed: another machine resets everything; another kernel keeps the selection and zoom. */
    public enum Change { NEW_MACHINE, NEW_KERNEL }

    /** One switch of source, as every view sees it (a new instance each time, so listeners always fire). */
    public record Transition(DaxSource source, Change change) {
    }

    private final ReadOnlyObjectWrapper<DaxSource> source = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<MachineSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Transition> transition = new ReadOnlyObjectWrapper<>();
    private final BooleanProperty live = new SimpleBooleanProperty(true);
    private final LongProperty refreshMillis;
    private final ObjectProperty<TreeObject> selection = new SimpleObjectProperty<>();
    private final StringProperty shownDevice = new SimpleStringProperty();
    private final ObjectProperty<MappingHighlight> highlight = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Fix> fix = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper eventShare = new ReadOnlyStringWrapper("");
    private final StatsHistory history = new StatsHistory(HISTORY);
    private final List<Consumer<List<FaultEvent>>> eventListeners = new ArrayList<>();
    private final BackgroundTasks tasks = new BackgroundTasks();
    private long nextEvent;
    private long eventsKept;
    private long eventsDropped;
    private long shownGeneration = -1;
    private long structureAt;
    private long sampledAt;
    private boolean repeatable;

    public InspectorViewModel(DaxSource initial, long refreshMillis) {
        this.refreshMillis = new SimpleLongProperty(refreshMillis);
        this.refreshMillis.addListener((o, was, ms) -> source.get().refreshEvery(Duration.ofMillis(ms.longValue())));
        show(initial, Change.NEW_MACHINE);
    }

    // ------------------------------------------------------------------ properties

    public ReadOnlyObjectProperty<DaxSource> sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public DaxSource source() {
        return source.get();
    }

    public ReadOnlyObjectProperty<MachineSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public MachineSnapshot snapshot() {
        return snapshot.get();
    }

    /** The kernel profile the shown machine follows (real machines report the one they run). */
    public KernelProfile kernel() {
        return snapshot.get().kernel();
    }

    public ReadOnlyObjectProperty<Transition> transitionProperty() {
        return transition.getReadOnlyProperty();
    }

    public BooleanProperty liveProperty() {
        return live;
    }

    public LongProperty refreshMillisProperty() {
        return refreshMillis;
    }

    public ObjectProperty<TreeObject> selectionProperty() {
        return selection;
    }

    /** The device the page map shows, or null (no device selected, or the machine has none). */
    public StringProperty shownDeviceProperty() {
        return shownDevice;
    }

    /** The process or mapping whose pages the page map lights up, or null. */
    ObjectProperty<MappingHighlight> highlightProperty() {
        return highlight;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "showing 1 in 3,200 events": the share of events the fault log keeps in the last sample. */
    public ReadOnlyStringProperty eventShareProperty() {
        return eventShare.getReadOnlyProperty();
    }

    StatsHistory history() {
        return history;
    }

    BackgroundTasks tasks() {
        return tasks;
    }

    /** Called with each batch of fault-log events polled (never from another thread). */
    void onEvents(Consumer<List<FaultEvent>> listener) {
        eventListeners.add(listener);
    }

    /** The action that would make a refused change succeed ("Disable dax0.1"), one click away; null when there is none. */
    ReadOnlyObjectProperty<Fix> fixProperty() {
        return fix.getReadOnlyProperty();
    }

    /** A daxctl command offered beside a refusal, named as its button. */
    record Fix(String label, List<String> args) {
    }

    public void showProblem(String text) {
        fix.set(null);
        problem.set(text);
    }

    public void clearProblem() {
        fix.set(null);
        problem.set("");
    }

    // ------------------------------------------------------------------ changing the machine

    /**
     * Writes a sysfs attribute in the background; {@code done} hears whether the machine took it.
     * A refusal is shown with the errno, the rule and the fix that would let it through.
     */
    void write(String path, String value, Consumer<Boolean> done) {
        DaxSource target = source.get();
        tasks.run(() -> target.write(path, value + "\n"), outcome -> {
            if (target != source.get()) {
                return;
            }
            if (outcome.isOk()) {
                clearProblem();
                refreshStructure();
            } else {
                refused("Refused: ", outcome, deviceOf(path));
            }
            done.accept(outcome.isOk());
        }, why -> {
            showProblem("Cannot write " + path + ": " + why);
            done.accept(false);
        });
    }

    /** Runs a daxctl device command ({@code what} names it) in the background and shows the machine after it. */
    void daxctl(String what, List<String> args) {
        daxctl(what, args, () -> { });
    }

    /** The same; {@code answered} runs on the FX thread once the command's outcome (or failure) is shown. */
    void daxctl(String what, List<String> args, Runnable answered) {
        DaxSource target = source.get();
        tasks.run(() -> target.daxctl(args), outcome -> {
            if (target == source.get()) {
                refreshStructure();
                if (outcome.isOk()) {
                    clearProblem();
                } else {
                    refused(what + " refused: ", outcome, args.getLast());
                }
            }
            answered.run();
        }, why -> {
            showProblem(what + " failed: " + why);
            answered.run();
        });
    }

    /** Shows a refusal, and where the device's driver is what stands in the way, the command that moves it. */
    private void refused(String what, Outcome outcome, String device) {
        problem.set(what + outcome);
        DeviceInfo d = device == null ? null : snapshot.get().device(device).orElse(null);
        boolean busy = outcome instanceof Outcome.Failure f && f.errno() == Errno.EBUSY;
        if (d == null || !busy) {
            fix.set(null);
        } else if (d.driver() == DriverKind.KMEM) {
            fix.set(new Fix("Reconfigure " + d.name() + " to devdax", List.of("reconfigure-device", "-m", "devdax", "-f",
                    d.name())));
        } else {
            fix.set(new Fix("Disable " + d.name() + " (unbind)", List.of("disable-device", d.name())));
        }
    }

    /** dax0.1 for /sys/bus/dax/devices/dax0.1/size; null for other paths. */
    static String deviceOf(String path) {
        String prefix = "/sys/bus/dax/devices/";
        if (!path.startsWith(prefix)) {
            return null;
        }
        int slash = path.indexOf('/', prefix.length());
        return slash < 0 ? null : path.substring(prefix.length(), slash);
    }

    // ------------------------------------------------------------------ transitions

    /** Opens another machine in the background; a failure is shown as a problem and the current one stays. */
    public void open(String what, Callable<DaxSource> opener) {
        status.set("opening " + what + " …");
        tasks.run(() -> {
            DaxSource opened = opener.call();
            // A real machine reads /sys and /proc on its first snapshot: here, not on the FX thread.
            opened.snapshot();
            return opened;
        }, next -> switchTo(next, Change.NEW_MACHINE), why -> {
            showProblem("Cannot open " + what + ": " + why);
            updateStatus(source.get().stats());
        });
    }

    /**
     * Opens the demo machine under the kernel of the simulated machine shown last (the profile the
     * person chose stays chosen); under the demo's own before any was shown.
     */
    public void openDemo() {
        KernelProfile kernel = chosenKernel;
        status.set("opening the demo machine …");
        tasks.run(() -> {
            DaxSource demo = Machines.demo();
            DaxSource opened = kernel == null || demo.snapshot().kernel() == kernel ? demo : demo.underKernel(kernel);
            opened.snapshot();
            return opened;
        }, next -> {
            switchTo(next, Change.NEW_MACHINE);
            markDemo();
        }, why -> {
            showProblem("Cannot open the demo machine: " + why);
            updateStatus(source.get().stats());
        });
    }

    /** The source shown is the demo machine as it opened (a tour may replace it without asking while it stays so). */
    public void markDemo() {
        demo = source.get();
        demoGeneration = demo.generation();
    }

    /** Whether the shown machine is the demo, unchanged since it opened (no device edited, no workload started). */
    public boolean showsFreshDemo() {
        return demo != null && demo == source.get() && demo.generation() == demoGeneration
                && demo.workloads().map(w -> !w.running()).orElse(true);
    }

    private DaxSource demo;
    private long demoGeneration;
    /** The kernel profile of the simulated machine shown last; null until one is shown. */
    private KernelProfile chosenKernel;

    /** Replays the shown simulated machine under {@code profile}: the same machine, another kernel's rules. */
    public void chooseKernel(KernelProfile profile) {
        DaxSource shown = source.get();
        if (!shown.simulated() || profile == kernel()) {
            return;
        }
        status.set("replaying the machine under kernel " + profile.version() + " …");
        tasks.run(() -> {
            // The workload stops first (as it would at the switch), so its processes are not replayed as the machine's own.
            shown.workloads().ifPresent(DaxSource.Workloads::stop);
            DaxSource replayed = shown.underKernel(profile);
            replayed.snapshot();
            return replayed;
        }, next -> switchTo(next, Change.NEW_KERNEL), why -> showProblem("Cannot switch to kernel " + profile.version() + ": " + why));
    }

    /**
     * Shows {@code next} and closes the source shown before (its workloads stop). Counters, the
     * stats history and the fault feed always start again; the selection, shown device and zoom
     * carry over to the same machine under another kernel and reset for another machine.
     */
    public void switchTo(DaxSource next, Change change) {
        // A refusal (and its fix) was about the machine shown before; every way of installing the next one ends it.
        clearProblem();
        show(next, change);
        sample();
    }

    private void show(DaxSource next, Change change) {
        DaxSource previous = source.get();
        boolean freshDemo = previous != null && showsFreshDemo();
        if (previous != null && previous != next) {
            previous.close();
        }
        next.refreshEvery(Duration.ofMillis(refreshMillis.get()));
        nextEvent = 0;
        eventsKept = 0;
        eventsDropped = 0;
        eventShare.set("");
        history.clear();
        shownGeneration = next.generation();
        structureAt = 0;
        sampledAt = 0;
        MachineSnapshot now = next.snapshot();
        TreeObject keptSelection = change == Change.NEW_KERNEL ? selection.get() : null;
        String keptDevice = change == Change.NEW_KERNEL && now.device(shownDevice.get()).isPresent() ? shownDevice.get() : null;
        source.set(next);
        snapshot.set(now);
        if (next.simulated()) {
            chosenKernel = now.kernel();
        }
        selection.set(keptSelection);
        shownDevice.set(keptDevice != null ? keptDevice : firstBoundDevice(now));
        if (freshDemo && change == Change.NEW_KERNEL) {
            // The untouched demo under another kernel is still the demo as it opened.
            markDemo();
        }
        transition.set(new Transition(next, change));
    }

    /**
     * The first device with device-DAX pages to draw (bound to device_dax, or to fsdev_dax in famfs
     * mode), the one a new machine opens on; null when there is none.
     */
    static String firstBoundDevice(MachineSnapshot s) {
        return s.devices().stream().filter(d -> d.driver().ownsDevicePages()).map(DeviceInfo::name)
                .findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ selection

    /** Calls {@code view} with the selection and the machine now and whenever either changes. */
    void followSelection(java.util.function.BiConsumer<TreeObject, MachineSnapshot> view) {
        selection.addListener((o, a, b) -> view.accept(b, snapshot.get()));
        snapshot.addListener((o, a, b) -> view.accept(selection.get(), b));
        view.accept(selection.get(), snapshot.get());
    }

    /** Selects a tree object; one that stands for a device (or its mapping) also puts that device in the page map. */
    public void select(TreeObject object) {
        selection.set(object);
        if (object != null && object.device() != null) {
            shownDevice.set(object.device());
        }
    }

    // ------------------------------------------------------------------ sampling

    /**
     * One frame: while live, reads the structure again when it changed (at most once per refresh
     * interval) and samples counters and events once per interval.
     */
    public void tick(long nowNanos) {
        if (!live.get()) {
            return;
        }
        long interval = refreshMillis.get() * 1_000_000L;
        long gen = source.get().generation();
        if (gen != shownGeneration && nowNanos - structureAt >= interval) {
            structureAt = nowNanos;
            refreshStructure();
        }
        if (nowNanos - sampledAt >= interval) {
            sampledAt = nowNanos;
            sample();
        }
    }

    /** Reads the machine's structure again now. */
    public void refreshStructure() {
        shownGeneration = source.get().generation();
        MachineSnapshot now = source.get().snapshot();
        snapshot.set(now);
        if (shownDevice.get() != null && now.device(shownDevice.get()).isEmpty()) {
            // The shown device was destroyed: the map moves to one that is there, or says there is none.
            shownDevice.set(firstBoundDevice(now));
        }
    }

    /** Takes one sample of counters and events now. */
    public void sample() {
        DaxSource.Stats s = source.get().stats();
        history.add(s.faultsPerSecond(), s.mappedFolios(), s.signals());
        pollEvents();
        updateStatus(s);
    }

    private void pollEvents() {
        DaxSource.EventBatch b = source.get().events(nextEvent, 2000);
        // Events from before the source was shown are history, not drops.
        long dropped = nextEvent == 0 ? 0 : b.dropped();
        nextEvent = b.nextSeq();
        eventsKept += b.events().size();
        eventsDropped += dropped;
        eventShare.set(shareText(b.events().size(), dropped));
        if (!b.events().isEmpty()) {
            eventListeners.forEach(l -> l.accept(b.events()));
        }
    }

    /** "every event shown", "showing 1 in 3,200 events" or "showing none of 5,000 events" for one sample. */
    static String shareText(long kept, long dropped) {
        if (dropped <= 0) {
            return "every event shown";
        }
        if (kept == 0) {
            return "showing none of " + Format.count(dropped) + " events";
        }
        return "showing 1 in " + Format.count(Math.round((double) (kept + dropped) / kept)) + " events";
    }

    long eventsDropped() {
        return eventsDropped;
    }

    /** Leaves the JVM heap out of the status bar (screenshots: the one figure no fixed input determines). */
    void repeatable() {
        repeatable = true;
        updateStatus(source.get().stats());
    }

    private void updateStatus(DaxSource.Stats s) {
        DaxSource src = source.get();
        MachineSnapshot snap = snapshot.get();
        Runtime rt = Runtime.getRuntime();
        String heap = repeatable ? "" : "  ·  heap " + Format.size(rt.totalMemory() - rt.freeMemory());
        if (src.simulated()) {
            status.set(String.format(Locale.ROOT, "%s  ·  kernel %s  ·  %,.0f faults/s  ·  %s mapped folios  ·  %s signals  ·  fault log: %s"
                    + "  ·  model %s%s", src.name(), snap.kernel().version(), s.faultsPerSecond(),
                    Format.count(s.mappedFolios()), Format.count(s.signals()), eventShare.get(),
                    Format.size(s.modelHeapBytes()), heap));
        } else {
            // A real machine has no fault counters user space can read; say what was seen instead.
            long mappings = snap.processes().stream().mapToLong(p -> p.vmas().size()).sum();
            status.set(String.format(Locale.ROOT, "%s  ·  %s  ·  %s /dev/dax (%s)  ·  %s inferred  ·  %s%s", src.name(),
                    Format.count(snap.devices().size(), "device", "devices"),
                    Format.count(snap.processes().size(), "process maps", "processes map"),
                    Format.count(mappings, "mapping", "mappings"), Format.count(eventsKept, "event", "events"),
                    Format.count(snap.warnings().size(), "warning", "warnings"), heap));
        }
    }

    @Override
    public void close() {
        tasks.close();
        source.get().close();
    }
}
