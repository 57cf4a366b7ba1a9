package dev.daxscope.source;

import dev.daxscope.model.FaultEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The fault log as CSV (one header line) or JSON (an array of objects), for the inspector's export. */
public final class EventExport {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HEADER = "seq,nanos,kind,pid,address,device,pgoff,folio,level,result";

    private EventExport() {
    }

    public static String csv(List<FaultEvent> events) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (FaultEvent e : events) {
            b.append(e.seq()).append(',').append(e.nanos()).append(',').append(e.kind()).append(',').append(e.pid())
                    .append(",0x").append(Long.toHexString(e.address())).append(',').append(csvField(e.device()))
                    .append(",0x").append(Long.toHexString(e.pgoff())).append(',').append(e.folio()).append(',')
                    .append(e.level()).append(',').append(csvField(e.result())).append('\n');
        }
        return b.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    public static String json(List<FaultEvent> events) {
        List<Map<String, Object>> rows = events.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", e.seq());
            m.put("nanos", e.nanos());
            m.put("kind", e.kind().name());
            m.put("pid", e.pid());
            m.put("address", "0x" + Long.toHexString(e.address()));
            m.put("device", e.device());
            m.put("pgoff", "0x" + Long.toHexString(e.pgoff()));
            m.put("folio", e.folio());
            m.put("level", e.level());
            m.put("result", e.result());
            return m;
        }).toList();
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rows) + "\n";
    }
}
