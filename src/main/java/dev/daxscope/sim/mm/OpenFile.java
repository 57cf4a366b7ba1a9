package dev.daxscope.sim.mm;

import dev.daxscope.sim.dax.DevDax;

/** An open {@code /dev/daxX.Y} file description; {@code dev_dax} is its private data (R47). */
public record OpenFile(DevDax device, boolean writable) {
}
