package dev.daxscope;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Comparing our `list` output with captured `daxctl list` JSON. */
public final class DaxctlJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DaxctlJson() {
    }

    /** Real daxctl lists devices in sysfs directory order; daxscope (and these comparisons) in id order. */
    public static JsonNode sortDevices(JsonNode n) {
        if (n.isArray()) {
            n.forEach(DaxctlJson::sortDevices);
        } else if (n.isObject() && n.has("devices")) {
            List<JsonNode> devs = new ArrayList<>();
            n.get("devices").forEach(devs::add);
            devs.sort(Comparator.comparingInt(d -> Integer.parseInt(d.get("chardev").asString().replaceAll(".*\\.", ""))));
            ArrayNode sorted = JSON.createArrayNode();
            devs.forEach(sorted::add);
            ((ObjectNode) n).set("devices", sorted);
        }
        return n;
    }
}
