package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MemoryTopology;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a scrape sample by sample against the machine it claims to describe. */
final class MachineExpectations {
    private MachineExpectations() {
    }

    /** Every device, region and node of {@code machine}, with the right labels and values, and nothing else. */
    static void matches(Exposition scrape, MachineSnapshot machine, MemoryTopology topology, boolean simulated) {
        Set<String> deviceNames = new HashSet<>();
        int systemRam = 0;
        for (DeviceInfo d : machine.devices()) {
            deviceNames.add(d.name());
            String region = String.valueOf(d.regionId());
            String mode = d.systemRam() ? "system-ram" : d.famfs() ? "famfs" : "devdax";
            assertThat(scrape.value("daxscope_device_size_bytes", Map.of("device", d.name(), "region", region, "mode", mode)))
                    .as("size of " + d.name()).contains((double) d.size());
            assertThat(scrape.value("daxscope_device_info", Map.of("device", d.name(), "region", region,
                    "driver", d.bound() ? d.driver().sysfsName() : "unbound", "mode", mode,
                    "target_node", d.targetNode() == null ? "none" : d.targetNode().toString())))
                    .as("info of " + d.name()).contains(1.0);
            if (d.systemRam()) {
                systemRam++;
                assertThat(scrape.value("daxscope_memory_blocks", Map.of("device", d.name(), "state", "online")))
                        .as("online blocks of " + d.name()).contains((double) d.onlineBlocks());
                assertThat(scrape.value("daxscope_memory_blocks", Map.of("device", d.name(), "state", "offline")))
                        .as("offline blocks of " + d.name()).contains((double) (d.totalBlocks() - d.onlineBlocks()));
            }
            if (simulated) {
                assertThat(scrape.value("daxscope_device_poisoned_pages", Map.of("device", d.name())))
                        .as("poison of " + d.name()).contains((double) d.poisoned().size());
                long folioBytes = d.folioCount() == 0 ? 0 : d.size() / d.folioCount();
                assertThat(scrape.value("daxscope_device_mapped_bytes", Map.of("device", d.name())))
                        .as("mapped bytes of " + d.name()).contains((double) d.mappedFolios() * folioBytes);
            }
        }
        assertThat(scrape.family("daxscope_device_size_bytes").samples()).hasSize(machine.devices().size());
        assertThat(scrape.family("daxscope_device_info").samples()).hasSize(machine.devices().size());
        if (systemRam > 0) {
            assertThat(scrape.family("daxscope_memory_blocks").samples()).hasSize(2 * systemRam);
        }
        for (RegionInfo r : machine.regions()) {
            String region = String.valueOf(r.id());
            assertThat(scrape.value("daxscope_region_size_bytes", Map.of("region", region, "kind", r.kind().keyword())))
                    .as("size of region " + region).contains((double) r.size());
            if (r.availableSize() != null) {
                assertThat(scrape.value("daxscope_region_available_bytes", Map.of("region", region)))
                        .as("available size of region " + region).contains((double) r.availableSize());
            }
        }
        assertThat(scrape.family("daxscope_region_size_bytes").samples()).hasSize(machine.regions().size());
        nodesMatch(scrape, topology);
        assertThat(scrape.families().keySet().stream().filter(f -> f.startsWith("daxscope_sim_")))
                .as("simulator counters only for simulated machines").hasSize(simulated ? 3 : 0);
    }

    /** Each node's memory, tier, promotions and demotions as the topology reader read them. */
    static void nodesMatch(Exposition scrape, MemoryTopology topology) {
        assertThat(topology.nodes()).as("the machine has NUMA nodes").isNotEmpty();
        int tiered = 0;
        int memorySamples = 0;
        for (MemoryTopology.NumaNode n : topology.nodes()) {
            String node = String.valueOf(n.id());
            for (var state : Map.of("total", n.memTotal(), "free", n.memFree(), "used", n.memUsed()).entrySet()) {
                memorySamples += state.getValue() >= 0 ? 1 : 0;
                assertThat(scrape.value("daxscope_node_memory_bytes", Map.of("node", node, "state", state.getKey())))
                        .as(state.getKey() + " memory of node " + node).isEqualTo(present(state.getValue()));
            }
            var tier = topology.tierOfNode(n.id());
            if (tier.isPresent()) {
                tiered++;
            }
            assertThat(scrape.value("daxscope_node_tier", Map.of("node", node))).as("tier of node " + node)
                    .isEqualTo(tier.map(t -> (double) t.id()));
            assertThat(scrape.value("daxscope_node_pages_promoted_total", Map.of("node", node)))
                    .as("promoted to node " + node).isEqualTo(present(n.counter("pgpromote_success")));
            for (String reason : List.of("kswapd", "direct", "khugepaged", "proactive")) {
                assertThat(scrape.value("daxscope_node_pages_demoted_total", Map.of("node", node, "reason", reason)))
                        .as("demoted from node " + node + " by " + reason).isEqualTo(present(n.counter("pgdemote_" + reason)));
            }
        }
        assertThat(samples(scrape, "daxscope_node_tier")).hasSize(tiered);
        assertThat(samples(scrape, "daxscope_node_memory_bytes")).hasSize(memorySamples);
    }

    /** A figure the reader could read (-1: it could not, so the exporter has no sample). */
    private static java.util.Optional<Double> present(long value) {
        return value < 0 ? java.util.Optional.empty() : java.util.Optional.of((double) value);
    }

    private static List<Exposition.Sample> samples(Exposition scrape, String family) {
        return scrape.families().containsKey(family) ? scrape.families().get(family).samples() : List.of();
    }
}
