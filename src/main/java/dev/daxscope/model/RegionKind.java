package dev.daxscope.model;

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

    /** The keyword, so that a kind prints as scripts and the CLI spell it. */
    @Override
    public String toString() {
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
