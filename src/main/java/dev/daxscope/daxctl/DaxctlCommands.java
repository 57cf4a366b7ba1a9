package dev.daxscope.daxctl;

import dev.daxscope.model.DriverKind;
import dev.daxscope.model.Errno;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * daxscope's daxctl (docs/language.md §7, `daxscope daxctl`): the commands act through sysfs exactly as
 * libdaxctl does, so they run on the simulator and on a real {@code /sys} alike, and they fail
 * the way daxctl fails (size/align/mapping write errors become ENXIO, a failed create ENOSPC,
 * a filter that matches nothing succeeds).
 */
public final class DaxctlCommands {
    private static final String DEVICES = "/sys/bus/dax/devices/";
    private static final String DRIVERS = "/sys/bus/dax/drivers/";
    private static final String MEMORY = "/sys/devices/system/memory/";
    /** The driver behind daxctl 85's famfs mode (drivers/dax/fsdev.c, 7.x kernels). */

    /** daxctl's exit status after {@code usage_with_options}: a command line it refuses to run. */
    public static final int USAGE_EXIT = 129;

    /**
     * What daxctl printed and how it ended; {@code exitCode} is daxctl's (-errno & 0xff), or 129
     * when the command line itself was refused ({@code usage}).
     */
    public record Result(Outcome outcome, String stdout, String stderr, boolean usage) {
        Result(Outcome outcome, String stdout, String stderr) {
            this(outcome, stdout, stderr, false);
        }

        public int exitCode() {
            return usage ? USAGE_EXIT : outcome instanceof Outcome.Failure f ? (-f.errno().number()) & 0xff : 0;
        }
    }

    private final SysfsAccess sysfs;
    private final Supplier<MachineSnapshot> snapshot;
    private final StringBuilder err = new StringBuilder();

    public DaxctlCommands(SysfsAccess sysfs, Supplier<MachineSnapshot> snapshot) {
        this.sysfs = sysfs;
        this.snapshot = snapshot;
    }

    /** Parsed command line: options with values, flags, positional device names. */
    private static final class Cmd {
        String command;
        String region;
        String size;
        String align;
        String mode;
        boolean force;
        boolean noOnline;
        boolean noMovable;
        boolean human;
        final List<String> devices = new ArrayList<>();
    }

    public Result run(List<String> args) {
        err.setLength(0);
        if (args.isEmpty()) {
            return fail(Errno.EINVAL, "", "usage: daxctl <command> [<args>]");
        }
        String command = args.get(0);
        if (command.equals("list")) {
            return new Result(Outcome.ok(), DaxctlList.print(snapshot.get(), listOptions(args.subList(1, args.size()))), "");
        }
        Cmd c = new Cmd();
        c.command = command;
        String refused = parseOptions(args.subList(1, args.size()), c);
        if (refused != null) {
            return usage(c, refused);
        }
        return switch (command) {
            case "create-device" -> createDevice(c);
            case "destroy-device" -> withForce(c, () -> forEachDevice(c, "destroyed", this::destroy));
            case "reconfigure-device" -> reconfigure(c);
            case "enable-device" -> forEachDevice(c, "enabled", this::enable);
            case "disable-device" -> forEachDevice(c, "disabled", this::disable);
            case "online-memory" -> forEachDevice(c, "onlined memory for", d -> memoryState(d, true, c));
            case "offline-memory" -> forEachDevice(c, "offlined memory for", d -> memoryState(d, false, c));
            default -> fail(Errno.EINVAL, "", "daxctl: '" + command + "' is not a daxctl command");
        };
    }

    /** The options into {@code c}; null, or what parse-options says of a bad one (daxctl then prints the usage). */
    private static String parseOptions(List<String> args, Cmd c) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            String key = a;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                key = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            boolean needsValue = switch (key) {
                case "-r", "--region", "-s", "--size", "-a", "--align", "-m", "--mode", "-d", "--dev" -> true;
                default -> false;
            };
            if (needsValue && value == null) {
                if (i + 1 >= args.size()) {
                    return "  Error: option `" + key.replaceFirst("^-+", "") + "' requires a value";
                }
                value = args.get(++i);
            }
            switch (key) {
                case "-r", "--region" -> c.region = value;
                case "-s", "--size" -> c.size = value;
                case "-a", "--align" -> c.align = value;
                case "-m", "--mode" -> c.mode = value;
                case "-d", "--dev" -> c.devices.add(value);
                case "-f", "--force" -> c.force = true;
                case "-N", "--no-online" -> c.noOnline = true;
                case "--no-movable" -> c.noMovable = true;
                case "-u", "--human" -> c.human = true;
                case "-v", "--verbose", "-R", "--regions", "-D", "--devices", "-M", "--mappings", "-i", "--idle" -> {
                }
                default -> {
                    if (a.startsWith("-")) {
                        return a.startsWith("--") ? "  Error: unknown option `" + key.substring(2) + "'"
                                : "  Error: unknown switch `" + a.substring(1) + "'";
                    }
                    c.devices.add(a);
                }
            }
        }
        return null;
    }

    private static DaxctlList.Options listOptions(List<String> args) {
        boolean r = false;
        boolean d = false;
        boolean m = false;
        boolean i = false;
        boolean u = false;
        String region = null;
        String dev = null;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (a.startsWith("--")) {
                switch (a.contains("=") ? a.substring(0, a.indexOf('=')) : a) {
                    case "--regions" -> r = true;
                    case "--devices" -> d = true;
                    case "--mappings" -> m = true;
                    case "--idle" -> i = true;
                    case "--human" -> u = true;
                    case "--region" -> region = a.contains("=") ? a.substring(a.indexOf('=') + 1) : args.get(++k);
                    case "--dev" -> dev = a.contains("=") ? a.substring(a.indexOf('=') + 1) : args.get(++k);
                    default -> {
                    }
                }
            } else if (a.startsWith("-")) {
                for (char ch : a.substring(1).toCharArray()) {
                    switch (ch) {
                        case 'R' -> r = true;
                        case 'D' -> d = true;
                        case 'M' -> m = true;
                        case 'i' -> i = true;
                        case 'u' -> u = true;
                        case 'r' -> region = k + 1 < args.size() ? args.get(++k) : null;
                        case 'd' -> dev = k + 1 < args.size() ? args.get(++k) : null;
                        default -> {
                        }
                    }
                }
            }
        }
        return new DaxctlList.Options(r, d, m, i, u, region, dev);
    }

    /**
     * daxctl's usage_with_options: the complaint, a blank line and the command's usage line on
     * stderr, exit 129 (seen with daxctl 76.1 and 85; the option list it prints after is left out).
     */
    private Result usage(Cmd c, String message) {
        err.append(message).append("\n\n usage: daxctl ").append(c.command).append(" <device> [<options>]\n");
        return new Result(Outcome.fail(Errno.EINVAL, "", message.strip()), "", err.toString(), true);
    }

    private Result fail(Errno e, String rule, String message) {
        err.append(message).append('\n');
        return new Result(Outcome.fail(e, rule, message), "", err.toString());
    }

    /** parse_device_options without a device: "specify a device to reconfigure, or \"all\"" and the usage. */
    private Result missingDevice(Cmd c) {
        String action = c.command.replace("-device", "").replace("-", " ");
        return usage(c, "specify a device to " + action + ", or \"all\"");
    }

    // ------------------------------------------------------------------ device helpers

    private List<String> allDevices() {
        List<String> names = new ArrayList<>(sysfs.list(DEVICES));
        names.sort(DaxctlCommands::byId);
        return names;
    }

    private static int byId(String a, String b) {
        long[] x = ids(a);
        long[] y = ids(b);
        return x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
    }

    private static long[] ids(String name) {
        String[] p = name.substring(3).split("\\.");
        try {
            return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
        } catch (RuntimeException e) {
            return new long[] {Long.MAX_VALUE, Long.MAX_VALUE};
        }
    }

    private List<String> select(Cmd c) {
        List<String> out = new ArrayList<>();
        for (String name : allDevices()) {
            if (c.region != null && !c.region.equals("all") && ids(name)[0] != parseRegion(c.region)) {
                continue;
            }
            for (String want : c.devices) {
                if (want.equals("all") || want.equals(name) || ("dax" + want).equals(name)) {
                    out.add(name);
                    break;
                }
            }
        }
        return out;
    }

    private static long parseRegion(String r) {
        try {
            return Long.parseLong(r.startsWith("region") ? r.substring(6) : r);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private DriverKind driverOf(String dev) {
        for (DriverKind drv : DriverKind.values()) {
            if (drv.bound() && sysfs.list(DRIVERS + drv.sysfsName()).contains(dev)) {
                return drv;
            }
        }
        return DriverKind.NONE;
    }

    private boolean isSystemRam(String dev) {
        return driverOf(dev) == DriverKind.KMEM;
    }

    private Result forEachDevice(Cmd c, String verb, java.util.function.Function<String, Outcome> action) {
        if (c.devices.isEmpty()) {
            return missingDevice(c);
        }
        List<String> devs = select(c);
        int done = 0;
        Outcome last = Outcome.ok();
        for (String d : devs) {
            Outcome o = action.apply(d);
            if (!o.isOk()) {
                last = o;
                err.append(d).append(": ").append(o).append('\n');
            } else {
                done++;
            }
        }
        err.append(verb).append(' ').append(done).append(done == 1 ? " device\n" : " devices\n");
        return new Result(last, "", err.toString());
    }

    private Outcome enable(String dev) {
        if (isSystemRam(dev)) {
            return Outcome.fail(Errno.ENXIO, "", "status operations are only applicable in devdax mode");
        }
        return bindTo(dev, DriverKind.DEVICE_DAX);
    }

    /**
     * libdaxctl's daxctl_dev_enable: nothing to do for an enabled device; else the driver's
     * new_id, then its bind (either may attach it), and the device must end up bound.
     */
    private Outcome bindTo(String dev, DriverKind driver) {
        if (driverOf(dev).bound()) {
            return Outcome.ok();
        }
        if (!sysfs.list(DRIVERS).contains(driver.sysfsName())) {
            return Outcome.fail(Errno.ENOENT, "", "no " + driver + " driver on the dax bus (its module is not loaded, "
                    + "or the kernel has none: fsdev_dax needs 7.x)");
        }
        sysfs.write(DRIVERS + driver + "/new_id", dev);
        if (driverOf(dev).bound()) {
            return Outcome.ok();
        }
        Outcome bind = sysfs.write(DRIVERS + driver + "/bind", dev);
        return !driverOf(dev).bound() && bind.isOk() ? Outcome.fail(Errno.ENXIO, "", dev + ": failed to enable") : bind;
    }

    private Outcome disable(String dev) {
        if (isSystemRam(dev)) {
            return Outcome.fail(Errno.ENXIO, "", "status operations are only applicable in devdax mode");
        }
        return unbindCurrent(dev);
    }

    /** libdaxctl's daxctl_dev_disable: the bound driver's remove_id, then its unbind. */
    private Outcome unbindCurrent(String dev) {
        DriverKind driver = driverOf(dev);
        if (!driver.bound()) {
            return Outcome.ok();
        }
        sysfs.write(DRIVERS + driver + "/remove_id", dev);
        return sysfs.write(DRIVERS + driver + "/unbind", dev);
    }

    private Outcome destroy(String dev) {
        if (driverOf(dev).bound()) {
            if (!isSystemRamOrForce(dev)) {
                return Outcome.fail(Errno.ENXIO, "", dev + " is active; disable it first or use -f");
            }
        }
        Outcome size = sysfs.write(DEVICES + dev + "/size", "0");
        if (!size.isOk()) {
            return Outcome.fail(Errno.ENXIO, "", "failed to set " + dev + " size to 0: " + size);
        }
        Outcome del = sysfs.write(DEVICES + dev + "/../dax_region/delete", dev);
        if (del instanceof Outcome.Failure f && f.errno() == Errno.EBUSY && dev.endsWith(".0")) {
            return Outcome.ok();
        }
        return del;
    }

    private boolean forceDestroy;

    private boolean isSystemRamOrForce(String dev) {
        if (!forceDestroy) {
            return false;
        }
        return disable(dev).isOk();
    }

    // ------------------------------------------------------------------ create / reconfigure

    private Result createDevice(Cmd c) {
        String region = c.region == null ? "0" : c.region;
        String devPath = null;
        for (String d : allDevices()) {
            if (ids(d)[0] == parseRegion(region)) {
                devPath = DEVICES + d + "/../dax_region";
                break;
            }
        }
        if (devPath == null) {
            return fail(Errno.ENOENT, "", "daxctl: no such region " + region);
        }
        Outcome created = sysfs.write(devPath + "/create", "1");
        if (!created.isOk()) {
            return fail(Errno.ENOSPC, "R26", "daxctl: failed to create a device in region " + region + ": " + created);
        }
        SysfsAccess.Text seed = sysfs.read(devPath + "/seed");
        String dev = seed.text();
        if (dev.isEmpty()) {
            return fail(Errno.ENOSPC, "R26", "daxctl: region " + region + " has no seed device");
        }
        if (c.align != null) {
            Outcome a = sysfs.write(DEVICES + dev + "/align", Long.toString(parseSize(c.align)));
            if (!a.isOk()) {
                return fail(Errno.ENXIO, "R33", "daxctl: failed to set align: " + a);
            }
        }
        long size = c.size != null ? parseSize(c.size) : Long.parseLong(sysfs.read(devPath + "/available_size").text());
        Outcome s = sysfs.write(DEVICES + dev + "/size", Long.toString(size));
        if (!s.isOk()) {
            return fail(Errno.ENXIO, "R28", "daxctl: failed to set size: " + s);
        }
        Outcome e = enable(dev);
        if (!e.isOk()) {
            return fail(e instanceof Outcome.Failure f ? f.errno() : Errno.ENXIO, "", "daxctl: failed to enable " + dev + ": " + e);
        }
        err.append("created 1 device\n");
        return new Result(Outcome.ok(), devicesJson(List.of(dev), c.human), err.toString());
    }

    private Result reconfigure(Cmd c) {
        if (c.devices.isEmpty()) {
            return missingDevice(c);
        }
        if (c.mode == null && c.size == null && c.align == null) {
            return usage(c, "error: a 'align', 'mode' or 'size' option is required");
        }
        if (c.noOnline && ("devdax".equals(c.mode) || "famfs".equals(c.mode))) {
            return usage(c, "--no-online is incompatible with --mode=" + c.mode);
        }
        if (c.mode != null && !c.mode.equals("system-ram") && !c.mode.equals("devdax") && !c.mode.equals("famfs")) {
            return fail(Errno.EINVAL, "", "daxctl: invalid mode '" + c.mode + "'");
        }
        List<String> done = new ArrayList<>();
        Outcome last = Outcome.ok();
        for (String dev : select(c)) {
            Outcome o = reconfigureOne(dev, c);
            if (o.isOk()) {
                done.add(dev);
            } else {
                last = o;
                err.append(dev).append(": ").append(o).append('\n');
            }
        }
        err.append("reconfigured ").append(done.size()).append(done.size() == 1 ? " device\n" : " devices\n");
        return new Result(last, done.isEmpty() ? "" : devicesJson(done, c.human), err.toString());
    }

    /** With --size or --align daxctl resizes and ignores --mode (76.1 in the 6.1 guest). */
    private Outcome reconfigureOne(String dev, Cmd c) {
        if (c.size != null || c.align != null) {
            if (c.align != null) {
                Outcome a = sysfs.write(DEVICES + dev + "/align", Long.toString(parseSize(c.align)));
                if (!a.isOk()) {
                    return Outcome.fail(Errno.ENXIO, "R33", "failed to set align: " + a);
                }
            }
            if (c.size != null) {
                Outcome s = sysfs.write(DEVICES + dev + "/size", Long.toString(parseSize(c.size)));
                if (!s.isOk()) {
                    return Outcome.fail(Errno.ENXIO, "R28", "failed to set size: " + s);
                }
            }
            return Outcome.ok();
        }
        return switch (c.mode) {
            case "system-ram" -> toSystemRam(dev, c);
            case "famfs" -> toFamfs(dev);
            default -> toDevdax(dev, c);
        };
    }

    /** daxctl 85's reconfig_mode_system_ram: the policy check, then a devdax or famfs device is disabled first. */
    private Outcome toSystemRam(String dev, Cmd c) {
        if (isSystemRam(dev)) {
            return Outcome.ok();
        }
        String policy = sysfs.read(MEMORY + "auto_online_blocks").text();
        if (policy.startsWith("online") && !c.force) {
            return Outcome.fail(Errno.EBUSY, "R87", "kernel policy will auto-online memory (auto_online_blocks="
                    + policy + "), aborting; use -f to proceed");
        }
        Outcome u = unbindCurrent(dev);
        if (!u.isOk()) {
            return u;
        }
        sysfs.write(DRIVERS + "device_dax/remove_id", dev);
        sysfs.write(DRIVERS + DriverKind.KMEM + "/new_id", dev);
        if (!isSystemRam(dev)) {
            Outcome b = sysfs.write(DRIVERS + DriverKind.KMEM + "/bind", dev);
            if (!b.isOk()) {
                return b;
            }
        }
        return c.noOnline ? Outcome.ok() : onlineBlocks(dev, !c.noMovable);
    }

    /** daxctl 85's reconfig_mode_devdax: system-ram needs its memory offline; devdax and famfs are disabled, then enabled as devdax. */
    private Outcome toDevdax(String dev, Cmd c) {
        if (isSystemRam(dev)) {
            List<String> online = blocksOf(dev, true);
            if (!online.isEmpty()) {
                if (!c.force) {
                    return Outcome.fail(Errno.EBUSY, "R88", online.size() + " memory blocks of " + dev
                            + " are online; offline them first (daxctl offline-memory) or use -f");
                }
                for (String b : online) {
                    Outcome o = sysfs.write(MEMORY + b + "/state", "offline");
                    if (!o.isOk()) {
                        return Outcome.fail(Errno.EBUSY, "R88", "failed to offline " + b + ": " + o);
                    }
                }
            }
            Outcome u = sysfs.write(DRIVERS + DriverKind.KMEM + "/unbind", dev);
            if (!u.isOk()) {
                return u;
            }
            sysfs.write(DRIVERS + DriverKind.KMEM + "/remove_id", dev);
        } else {
            Outcome u = unbindCurrent(dev);
            if (!u.isOk()) {
                return u;
            }
        }
        return enable(dev);
    }

    /**
     * daxctl 85's reconfig_mode_famfs (R105): a system-ram device is refused; a devdax or famfs one
     * is disabled, then bound to fsdev_dax through its id list (fsdev_dax matches no device by type).
     */
    private Outcome toFamfs(String dev) {
        if (isSystemRam(dev)) {
            return Outcome.fail(Errno.EINVAL, "R105", dev + " is in system-ram mode; must be in devdax mode to convert to famfs");
        }
        Outcome u = unbindCurrent(dev);
        if (!u.isOk()) {
            return u;
        }
        return bindTo(dev, DriverKind.FSDEV_DAX);
    }

    private Outcome memoryState(String dev, boolean online, Cmd c) {
        if (!isSystemRam(dev)) {
            return Outcome.fail(Errno.ENXIO, "", dev + " is not in system-ram mode");
        }
        if (online) {
            return onlineBlocks(dev, !c.noMovable);
        }
        for (String b : blocksOf(dev, true)) {
            Outcome o = sysfs.write(MEMORY + b + "/state", "offline");
            if (!o.isOk()) {
                return o;
            }
        }
        return Outcome.ok();
    }

    private Outcome onlineBlocks(String dev, boolean movable) {
        for (String b : blocksOf(dev, false)) {
            Outcome o = sysfs.write(MEMORY + b + "/state", movable ? "online_movable" : "online");
            if (!o.isOk()) {
                return o;
            }
        }
        return Outcome.ok();
    }

    /** Memory blocks inside the device's ranges, by phys_index; {@code online} selects online or offline ones. */
    private List<String> blocksOf(String dev, boolean online) {
        long blockSize = Long.parseUnsignedLong(sysfs.read(MEMORY + "block_size_bytes").text(), 16);
        List<long[]> ranges = new ArrayList<>();
        for (String entry : sysfs.list(DEVICES + dev)) {
            if (entry.matches("mapping\\d+")) {
                long s = Long.decode(sysfs.read(DEVICES + dev + "/" + entry + "/start").text());
                long e = Long.decode(sysfs.read(DEVICES + dev + "/" + entry + "/end").text());
                ranges.add(new long[] {s, e});
            }
        }
        List<String> out = new ArrayList<>();
        for (String b : sysfs.list(MEMORY)) {
            if (!b.matches("memory\\d+")) {
                continue;
            }
            long start = Long.parseLong(b.substring(6)) * blockSize;
            boolean inside = ranges.stream().anyMatch(r -> start >= r[0] && start + blockSize - 1 <= r[1]);
            if (inside && sysfs.read(MEMORY + b + "/state").text().equals(online ? "online" : "offline")) {
                out.add(b);
            }
        }
        return out;
    }

    private String devicesJson(List<String> devs, boolean human) {
        MachineSnapshot snap = snapshot.get();
        List<Object> list = new ArrayList<>();
        for (String d : devs) {
            Object v = DaxctlList.listing(snap, new DaxctlList.Options(false, true, false, true, human, null, d));
            if (v instanceof List<?> l) {
                list.addAll(l);
            } else if (v != null) {
                list.add(v);
            }
        }
        return list.isEmpty() ? "" : JsonC.print(human && list.size() == 1 ? list.get(0) : list) + "\n";
    }

    /** daxctl's size syntax: bytes with optional k/m/g/t suffix (either case). */
    static long parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                case 't' -> shift = 40;
                default -> {
                }
            }
        }
        if (shift > 0) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Long.decode(t) << shift;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Sets whether destroy-device may disable an active device first ({@code -f}). */
    private Result withForce(Cmd c, java.util.function.Supplier<Result> r) {
        forceDestroy = c.force;
        return r.get();
    }
}
