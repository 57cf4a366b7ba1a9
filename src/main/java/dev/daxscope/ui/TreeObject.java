package dev.daxscope.ui;

/**
 * What a row of the object tree stands for. Each kind knows its label, its icon and the key
 * that finds it again after the tree is rebuilt; views switch on the type, not on a string.
 */
sealed interface TreeObject {
    String label();

    /** Stable across rebuilds and kernels, e.g. {@code device:dax0.1}. */
    String key();

    String icon();

    /** The device whose page map selecting this shows, or null. */
    default String device() {
        return null;
    }

    /** A grouping row: the machine, a provider, "NUMA nodes", "Memory blocks", /proc/iomem, warnings. */
    record Group(String label, String key, String icon) implements TreeObject {
    }

    record Region(int id, String label) implements TreeObject {
        public String key() {
            return "region:" + id;
        }

        public String icon() {
            return "▭";
        }
    }

    record CxlRegion(String name, String label) implements TreeObject {
        public String key() {
            return "cxl:" + name;
        }

        public String icon() {
            return "▭";
        }
    }

    record Device(String name, String label) implements TreeObject {
        public String key() {
            return "device:" + name;
        }

        public String icon() {
            return "◆";
        }

        @Override
        public String device() {
            return name;
        }
    }

    record Mapping(String deviceName, int mappingId, String label) implements TreeObject {
        public String key() {
            return "mapping:" + deviceName + ":" + mappingId;
        }

        public String icon() {
            return "↦";
        }

        @Override
        public String device() {
            return deviceName;
        }
    }

    record NumaNode(int id, String label) implements TreeObject {
        public String key() {
            return "node:" + id;
        }

        public String icon() {
            return "⬢";
        }
    }

    record Block(long index, String label) implements TreeObject {
        public String key() {
            return "block:" + index;
        }

        public String icon() {
            return "▦";
        }
    }

    record IomemRange(int index, String label) implements TreeObject {
        public String key() {
            return "iomem:" + index;
        }

        public String icon() {
            return "≡";
        }
    }

    record Warning(int index, String label) implements TreeObject {
        public String key() {
            return "warning:" + index;
        }

        public String icon() {
            return "⚠";
        }
    }
}
