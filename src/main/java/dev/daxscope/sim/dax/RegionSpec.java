package dev.daxscope.sim.dax;

import dev.daxscope.model.RegionKind;

/** Specification of a region as its provider would create it (scenario {@code region} line). */
public record RegionSpec(String alias, RegionKind kind, long start, long size, long align, Integer id,
                         int targetNode, Integer numaNode, boolean idle, String parentPath) {
}
