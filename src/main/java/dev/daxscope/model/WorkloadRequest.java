package dev.daxscope.model;

import java.util.Locale;

/**
 * A reproducible workload: which device, how many processes map it, which access pattern, how
 * many accesses (0 = until stopped), the rate in page faults per second across all workers (0 = as fast as
 * possible) and the seed.
 *
 * <p>Text form (CLI {@code --workload}, UI): {@code pattern[,key=value...]}, e.g.
 * {@code zipf,device=dax0.1,procs=4,accesses=1000000,rate=500000,seed=7,write=30}.
 */
public record WorkloadRequest(Pattern pattern, String device, int processes, long accesses, long rate, long seed,
                           int writePercent, int stride) {

    /** Access patterns. */
    public enum Pattern {
        SEQUENTIAL, UNIFORM, ZIPF, STRIDED, FORKS, UNBIND, POISON;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The keyword, as the text form and the pattern chooser spell it. */
        @Override
        public String toString() {
            return keyword();
        }
    }

    public WorkloadRequest {
        if (processes < 1 || processes > 64) {
            throw new IllegalArgumentException("procs must be 1..64, not " + processes);
        }
        if (accesses < 0 || rate < 0) {
            throw new IllegalArgumentException("accesses and rate must not be negative");
        }
        if (writePercent < 0 || writePercent > 100) {
            throw new IllegalArgumentException("write must be a percentage 0..100, not " + writePercent);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1 folio");
        }
    }

    public static WorkloadRequest of(Pattern pattern, String device) {
        return new WorkloadRequest(pattern, device, 2, 0, 0, 1, 25, 7);
    }

    /** The same workload with {@code processes} processes faulting at {@code rate} faults per second (0: unbounded). */
    public WorkloadRequest withLoad(int processes, long rate) {
        return new WorkloadRequest(pattern, device, processes, accesses, rate, seed, writePercent, stride);
    }

    /** Fault workers when none are asked for: one per core, 1..64. */
    public static int defaultWorkers() {
        return Math.max(1, Math.min(64, Runtime.getRuntime().availableProcessors()));
    }

    public boolean unlimited() {
        return accesses == 0;
    }

    /** Parses the text form; unknown keys or bad numbers throw IllegalArgumentException naming them. */
    public static WorkloadRequest parse(String text, String defaultDevice) {
        String[] parts = text.split(",");
        Pattern pattern;
        try {
            pattern = Pattern.valueOf(parts[0].trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown workload pattern '" + parts[0] + "' (sequential, uniform, zipf, "
                    + "strided, forks, unbind, poison)");
        }
        String device = defaultDevice;
        int procs = 2;
        long accesses = 0;
        long rate = 0;
        long seed = 1;
        int write = 25;
        int stride = 7;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("workload option '" + parts[i] + "' is not key=value");
            }
            String k = kv[0].trim();
            String v = kv[1].trim();
            try {
                switch (k) {
                    case "device" -> device = v;
                    case "procs" -> procs = Integer.parseInt(v);
                    case "accesses" -> accesses = Long.parseLong(v);
                    case "rate" -> rate = Long.parseLong(v);
                    case "seed" -> seed = Long.parseLong(v);
                    case "write" -> write = Integer.parseInt(v);
                    case "stride" -> stride = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown workload option '" + k
                            + "' (device, procs, accesses, rate, seed, write, stride)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("workload option " + k + "=" + v + " is not a number");
            }
        }
        if (device == null) {
            throw new IllegalArgumentException("the workload needs device=daxX.Y");
        }
        return new WorkloadRequest(pattern, device, procs, accesses, rate, seed, write, stride);
    }

    @Override
    public String toString() {
        return pattern.keyword() + ",device=" + device + ",procs=" + processes + ",accesses=" + accesses + ",rate=" + rate
                + ",seed=" + seed + ",write=" + writePercent + ",stride=" + stride;
    }
}
