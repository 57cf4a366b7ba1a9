package dev.daxscope.linux;

/** A sample damo record shared by the reader's and the heat command's tests. */
public final class DamoRecordReaderTestData {
    private DamoRecordReaderTestData() {
    }

    /** As {@code damo record --format json} writes with raw numbers (to_kvpairs(raw=True)). */
    public static final String RAW = """
            [{"kdamond_idx": 0, "context_idx": 0,
              "intervals": {"sample": 5000, "aggr": 100000, "ops_update": 1000000},
              "scheme_idx": 0, "target_id": 0, "scheme_filters": [],
              "snapshots": [
                {"start_time": 1000000000, "end_time": 1100000000, "total_bytes": 8192,
                 "regions": [{"start": 4096, "end": 8192, "nr_accesses": {"samples": 20, "percent": 100},
                              "age": {"usec": 300000, "aggr_intervals": 3}, "sz_filter_passed": 0},
                             {"start": 8192, "end": 12288, "nr_accesses": {"samples": 0, "percent": 0},
                              "age": {"usec": 900000, "aggr_intervals": 9}}]},
                {"start_time": 1100000000, "end_time": 1200000000,
                 "regions": [{"start": 0, "end": 0, "nr_accesses": {"samples": -1, "percent": null},
                              "age": {"usec": null, "aggr_intervals": -1}}]}]}]
            """;

}
