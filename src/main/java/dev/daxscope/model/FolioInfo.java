package dev.daxscope.model;

import java.util.List;

/**
 * One folio as the inspector's hover and the scenario {@code folio} statement show it.
 *
 * @param mappers who maps it: process name, pid and virtual address
 */
public record FolioInfo(String device, long folio, long pfn, long pgoff, int order, int refcount, int mapcount,
                        int pinnedPages, boolean mappingSet, long index, boolean poisoned, List<Mapper> mappers) {

    public FolioInfo {
        mappers = List.copyOf(mappers);
    }

    public record Mapper(int pid, String process, long address, String level) {
    }
}
