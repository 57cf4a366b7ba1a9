package dev.daxscope.sim.dax;

/** The provider that created a dax region (R4) and the scenario keyword for it. */
public enum RegionKind {
    PMEM("pmem"),
    HMEM("hmem"),
    CXL("cxl"),
    DYNAMIC("dynamic");

    private final String keyword;

    RegionKind(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    public static RegionKind ofKeyword(String keyword) {
        for (RegionKind k : values()) {
            if (k.keyword.equals(keyword)) {
                return k;
            }
        }
        return null;
    }
}
