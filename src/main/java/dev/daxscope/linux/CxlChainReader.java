package dev.daxscope.linux;

import dev.daxscope.model.MemoryTopology.CxlChain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows each CXL memdev to the memory tier its capacity ended up in, through
 * {@code /sys/bus/cxl/devices}: memdev ← endpoint port (its {@code uport} link) → parent port →
 * endpoint decoder (a region's {@code targetN}) → region → {@code dax_regionN} → dax device →
 * {@code target_node} → tier. A link that cannot be resolved is left null and named, with why.
 * Regions no memdev reached are listed too, so a committed region is never hidden.
 */
final class CxlChainReader {
    private final TreeFiles sys;
    private final Map<Integer, Integer> tierByNode;
    private final Path devices;

    CxlChainReader(TreeFiles sys, Map<Integer, Integer> tierByNode) {
        this.sys = sys;
        this.tierByNode = tierByNode;
        this.devices = sys.resolve("bus/cxl/devices");
    }

    List<CxlChain> read() {
        List<String> names = sys.list(devices);
        List<CxlChain> out = new ArrayList<>();
        Set<String> reached = new HashSet<>();
        for (String mem : names) {
            if (mem.matches("mem\\d{1,9}")) {
                CxlChain c = fromMemdev(mem, names);
                out.add(c);
                if (c.region() != null) {
                    reached.add(c.region());
                }
            }
        }
        for (String region : names) {
            if (region.matches("region\\d{1,9}") && !reached.contains(region)) {
                List<String> unresolved = new ArrayList<>();
                unresolved.add("memdev: no memdev's endpoint decoder is a target of " + region);
                out.add(fromRegion(null, null, null, region, unresolved));
            }
        }
        return out;
    }

    private CxlChain fromMemdev(String mem, List<String> names) {
        List<String> unresolved = new ArrayList<>();
        Optional<Path> memDir = sys.follow(devices.resolve(mem));
        String endpoint = null;
        for (String name : names) {
            if (name.matches("endpoint\\d{1,9}") && memDir.isPresent()
                    && sys.follow(devices.resolve(name)).flatMap(d -> sys.follow(d.resolve("uport"))).equals(memDir)) {
                endpoint = name;
            }
        }
        if (endpoint == null) {
            unresolved.add("port: no endpointN/uport links to " + mem + " (cxl_mem not bound, or the port is not enumerated)");
            return new CxlChain(mem, null, null, null, null, null, null, null, unresolved);
        }
        String port = sys.follow(devices.resolve(endpoint)).map(Path::getParent).map(p -> p.getFileName().toString())
                .orElse(null);
        if (port == null) {
            unresolved.add("port: " + endpoint + " has no parent port");
        }
        String endpointId = endpoint.substring("endpoint".length());
        String decoder = null;
        String region = null;
        for (String name : names) {
            if (name.matches("region\\d{1,9}")) {
                for (String attr : sys.list(devices.resolve(name))) {
                    if (attr.matches("target\\d{1,3}")) {
                        String target = sys.text(devices.resolve(name).resolve(attr)).orElse("").strip();
                        if (target.startsWith("decoder" + endpointId + ".")) {
                            decoder = target;
                            region = name;
                        }
                    }
                }
            }
        }
        if (region == null) {
            unresolved.add("decoder: no region has a decoder" + endpointId + ".N of " + endpoint + " as a target");
            return new CxlChain(mem, port, null, null, null, null, null, null, unresolved);
        }
        return fromRegion(mem, port, decoder, region, unresolved);
    }

    private CxlChain fromRegion(String mem, String port, String decoder, String region, List<String> unresolved) {
        Optional<Path> regionDir = sys.follow(devices.resolve(region));
        String daxRegion = regionDir.flatMap(d -> sys.list(d).stream().filter(c -> c.matches("dax_region\\d{1,9}")).findFirst())
                .orElse(null);
        if (daxRegion == null) {
            String mode = sys.text(devices.resolve(region).resolve("mode")).orElse("?").strip();
            unresolved.add("dax_region: " + region + " has none (mode " + mode + "; only a committed ram region bound to"
                    + " cxl_region gets one)");
            return new CxlChain(mem, port, decoder, region, null, null, null, null, unresolved);
        }
        Path daxRegionDir = regionDir.get().resolve(daxRegion);
        String device = sys.list(daxRegionDir).stream().filter(c -> c.matches("dax\\d{1,9}\\.\\d{1,9}")).findFirst().orElse(null);
        if (device == null) {
            unresolved.add("dax device: " + daxRegion + " has no daxN.M (cxl_dax_region not bound?)");
            return new CxlChain(mem, port, decoder, region, daxRegion, null, null, null, unresolved);
        }
        Integer node = sys.number(daxRegionDir.resolve(device).resolve("target_node")).map(Long::intValue).orElse(null);
        if (node == null || node < 0) {
            unresolved.add("target node: " + device + "/target_node is " + (node == null ? "unreadable" : "-1 (no NUMA node)"));
            return new CxlChain(mem, port, decoder, region, daxRegion, device, null, null, unresolved);
        }
        Integer tier = tierByNode.get(node);
        if (tier == null) {
            unresolved.add("tier: node " + node + " is in no memory tier (no online memory: " + device
                    + " not system-ram, or its blocks are offline)");
        }
        return new CxlChain(mem, port, decoder, region, daxRegion, device, node, tier, unresolved);
    }
}
