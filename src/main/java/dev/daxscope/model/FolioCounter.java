package dev.daxscope.model;

/** The folio counters the page map can colour by: a folio's refcount, its mapcount and its pin count. */
public enum FolioCounter {
    REFCOUNT("refcount"),
    MAPCOUNT("mapcount"),
    PINS("pins");

    private final String label;

    FolioCounter(String label) {
        this.label = label;
    }

    /** The name shown in the colour chooser and the legend. */
    @Override
    public String toString() {
        return label;
    }
}
