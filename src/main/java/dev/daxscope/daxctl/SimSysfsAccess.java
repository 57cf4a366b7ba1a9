package dev.daxscope.daxctl;

import dev.daxscope.model.Outcome;
import dev.daxscope.sim.Kernel;
import java.util.List;

/** daxctl over the simulated kernel's sysfs. */
public final class SimSysfsAccess implements SysfsAccess {
    private final Kernel kernel;

    public SimSysfsAccess(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public Text read(String path) {
        var r = kernel.sysfs().read(path);
        String t = r.text().endsWith("\n") ? r.text().substring(0, r.text().length() - 1) : r.text();
        return new Text(t, r.outcome());
    }

    @Override
    public Outcome write(String path, String value) {
        return kernel.sysfs().write(path, value);
    }

    @Override
    public List<String> list(String path) {
        return kernel.sysfs().list(path);
    }
}
