package dev.daxscope.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.MachineSnapshot;
import dev.daxscope.model.MachineSnapshot.DeviceInfo;
import dev.daxscope.model.MachineSnapshot.RegionInfo;
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
            String mode = d.systemRam() ? "system-ram" : "devdax";
            assertThat(scrape.value("daxscope_device_size_bytes", Map.of("device", d.name(), "region", region, "mode", mode)))
                    .as("size of " + d.name()).contains((double) d.size());
            assertThat(scrape.value("daxscope_device_info", Map.of("device", d.name(), "region", region,
                    "driver", d.bound() ? d.driver() : "unbound", "mode", mode,
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
            assertThat(scrape.value("daxscope_region_size_bytes", Map.of("region", region, "kind", r.kind())))
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
        for (MemoryTopology.NumaNode n : topology.nodes()) {
            String node = String.valueOf(n.id());
            assertThat(scrape.value("daxscope_node_memory_bytes", Map.of("node", node, "state", "total")))
                    .as("MemTotal of node " + node).contains((double) n.memTotal());
            assertThat(scrape.value("daxscope_node_memory_bytes", Map.of("node", node, "state", "free")))
                    .as("MemFree of node " + node).contains((double) n.memFree());
            assertThat(scrape.value("daxscope_node_memory_bytes", Map.of("node", node, "state", "used")))
                    .as("MemUsed of node " + node).contains((double) n.memUsed());
            var tier = topology.tierOfNode(n.id());
            if (tier.isPresent()) {
                tiered++;
                assertThat(scrape.value("daxscope_node_tier", Map.of("node", node))).as("tier of node " + node)
                        .contains((double) tier.get().id());
            }
            assertThat(scrape.value("daxscope_node_pages_promoted_total", Map.of("node", node)))
                    .as("promoted to node " + node).contains((double) n.counter("pgpromote_success"));
            for (String reason : List.of("kswapd", "direct", "khugepaged", "proactive")) {
                assertThat(scrape.value("daxscope_node_pages_demoted_total", Map.of("node", node, "reason", reason)))
                        .as("demoted from node " + node + " by " + reason).contains((double) n.counter("pgdemote_" + reason));
            }
        }
        assertThat(scrape.family("daxscope_node_tier").samples()).hasSize(tiered);
        assertThat(scrape.family("daxscope_node_memory_bytes").samples()).hasSize(3 * topology.nodes().size());
    }
}
