package dev.daxscope.ui;

import dev.daxscope.model.MachineSnapshot.VmaInfo;
import java.util.List;

/** A process or one of its mappings selected in the processes view: the page map lights up the pages it maps. */
record MappingHighlight(String key, String label, List<VmaInfo> vmas) {
}
