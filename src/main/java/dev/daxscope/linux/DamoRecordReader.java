package dev.daxscope.linux;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.daxscope.model.damon.DamonState.Region;
import dev.daxscope.model.damon.HeatSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a {@code damo record} file: its JSON ({@code --format json}) or the default zlib-compressed
 * JSON ({@code json_compressed}), a list of records (one per monitored target) each with its
 * intervals and snapshots of regions. Numbers are plain (damo's raw output) or damo's formatted
 * strings ("1,024", "100 ms", "4.000 KiB", "2 aggr_intervals"); both are read. A malformed file is
 * a {@link Malformed} whose message names the file and what is wrong.
 */
public final class DamoRecordReader {
    /** A record bigger than this (after inflating) is refused: damo's own records of an hour are far smaller. */
    static final long MAX_BYTES = 256L << 20;
    private static final Pattern QUANTITY = Pattern.compile("(-?[0-9][0-9,]*(?:\\.[0-9]+)?)\\s*([A-Za-z_%]*)");

    /** A record file that cannot be read as one. */
    public static final class Malformed extends Exception {
        public Malformed(String message) {
            super(message);
        }
    }

    private DamoRecordReader() {
    }

    /** Every snapshot of every record, in file order. */
    public static List<HeatSnapshot> read(Path file) throws Malformed {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new Malformed(file + ": larger than " + (MAX_BYTES >> 20) + " MiB; not a damo record daxscope reads");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Malformed(file + ": cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return parse(file.toString(), zlib(bytes) ? inflate(file.toString(), bytes) : bytes);
    }

    /** A zlib stream starts with CMF 0x78 and a header whose 16-bit value is a multiple of 31 (RFC 1950). */
    private static boolean zlib(byte[] b) {
        return b.length >= 2 && (b[0] & 0xff) == 0x78 && (((b[0] & 0xff) << 8) | (b[1] & 0xff)) % 31 == 0;
    }

    private static byte[] inflate(String name, byte[] compressed) throws Malformed {
        Inflater inflater = new Inflater();
        inflater.setInput(compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new Malformed(name + ": the zlib stream ends early (a truncated damo record?)");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_BYTES) {
                    throw new Malformed(name + ": inflates to more than " + (MAX_BYTES >> 20) + " MiB; not read");
                }
            }
        } catch (DataFormatException e) {
            throw new Malformed(name + ": not a valid zlib stream (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    static List<HeatSnapshot> parse(String name, byte[] json) throws Malformed {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(json);
        } catch (JacksonException e) {
            throw new Malformed(name + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isArray()) {
            throw new Malformed(name + ": a damo record is a JSON list of records; this is "
                    + (root == null ? "empty" : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        List<HeatSnapshot> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            out.addAll(record(name + ": record " + i, root.get(i)));
        }
        return out;
    }

    private static List<HeatSnapshot> record(String where, JsonNode rec) throws Malformed {
        JsonNode intervals = rec.path("intervals");
        long sampleUs = intervals.isObject() ? quantity(where + " intervals.sample", intervals.path("sample"), Unit.MICROSECONDS) : 0;
        long aggrUs = intervals.isObject() ? quantity(where + " intervals.aggr", intervals.path("aggr"), Unit.MICROSECONDS) : 0;
        JsonNode snapshots = rec.path("snapshots");
        if (!snapshots.isArray()) {
            throw new Malformed(where + ": no \"snapshots\" list");
        }
        String target = rec.path("target_id").isMissingNode() || rec.path("target_id").isNull() ? "?" : rec.path("target_id").asString();
        String source = "damo record target " + target;
        List<HeatSnapshot> out = new ArrayList<>();
        for (int s = 0; s < snapshots.size(); s++) {
            String at = where + " snapshot " + s;
            JsonNode snap = snapshots.get(s);
            long endNs = quantity(at + " end_time", snap.path("end_time"), Unit.NANOSECONDS);
            List<Region> regions = new ArrayList<>();
            JsonNode list = snap.path("regions");
            if (!list.isArray()) {
                throw new Malformed(at + ": no \"regions\" list");
            }
            for (int r = 0; r < list.size(); r++) {
                Region region = region(at + " region " + r, list.get(r), sampleUs, aggrUs);
                // damo adds a fake 0-0 region with -1 accesses to a lone snapshot (is_fake_snapshot): not memory.
                if (region.end() > region.start()) {
                    regions.add(region);
                }
            }
            out.add(new HeatSnapshot(source, true, endNs, sampleUs, aggrUs, regions));
        }
        return out;
    }

    private static Region region(String where, JsonNode r, long sampleUs, long aggrUs) throws Malformed {
        long start = quantity(where + " start", r.path("start"), Unit.BYTES);
        long end = quantity(where + " end", r.path("end"), Unit.BYTES);
        JsonNode acc = r.path("nr_accesses");
        long accesses;
        if (acc.isObject() && present(acc.path("samples"))) {
            accesses = quantity(where + " nr_accesses.samples", acc.path("samples"), Unit.COUNT);
        } else if (acc.isObject() && present(acc.path("percent"))) {
            long max = sampleUs <= 0 ? 0 : aggrUs / sampleUs;
            accesses = quantity(where + " nr_accesses.percent", acc.path("percent"), Unit.COUNT) * max / 100;
        } else {
            accesses = present(acc) && !acc.isObject() ? quantity(where + " nr_accesses", acc, Unit.COUNT) : 0;
        }
        JsonNode age = r.path("age");
        long ageAggr;
        if (age.isObject() && present(age.path("aggr_intervals"))) {
            ageAggr = quantity(where + " age.aggr_intervals", age.path("aggr_intervals"), Unit.COUNT);
        } else if (age.isObject() && present(age.path("usec"))) {
            ageAggr = aggrUs <= 0 ? 0 : quantity(where + " age.usec", age.path("usec"), Unit.MICROSECONDS) / aggrUs;
        } else {
            ageAggr = present(age) && !age.isObject() ? quantity(where + " age", age, Unit.COUNT) : 0;
        }
        if (end < start) {
            throw new Malformed(where + ": end " + end + " is below start " + start);
        }
        return new Region(start, end, Math.max(0, accesses), Math.max(0, ageAggr));
    }

    private static boolean present(JsonNode n) {
        return !n.isMissingNode() && !n.isNull();
    }

    enum Unit { BYTES, COUNT, MICROSECONDS, NANOSECONDS }

    /** A number, or one of damo's formatted strings, in {@code unit}. */
    static long quantity(String where, JsonNode n, Unit unit) throws Malformed {
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return (long) n.asDouble();
        }
        if (!n.isString()) {
            throw new Malformed(where + ": " + (n.isMissingNode() ? "missing" : "'" + n + "' is not a number"));
        }
        Matcher m = QUANTITY.matcher(n.asString().strip());
        if (!m.matches()) {
            throw new Malformed(where + ": '" + n.asString() + "' is not a number");
        }
        double value = Double.parseDouble(m.group(1).replace(",", ""));
        String suffix = m.group(2);
        double scale = switch (unit) {
            case BYTES -> switch (suffix) {
                case "", "B" -> 1;
                case "KiB" -> 1L << 10;
                case "MiB" -> 1L << 20;
                case "GiB" -> 1L << 30;
                case "TiB" -> 1L << 40;
                case "PiB" -> 1L << 50;
                default -> -1;
            };
            case COUNT -> suffix.isEmpty() || suffix.equals("samples") || suffix.equals("aggr_intervals") || suffix.equals("%") ? 1 : -1;
            case MICROSECONDS, NANOSECONDS -> {
                double ns = switch (suffix) {
                    case "ns" -> 1;
                    case "us" -> 1e3;
                    case "ms" -> 1e6;
                    case "s" -> 1e9;
                    case "m" -> 60e9;
                    case "h" -> 3600e9;
                    case "d" -> 86400e9;
                    case "" -> unit == Unit.NANOSECONDS ? 1 : 1e3;
                    default -> -1;
                };
                yield ns < 0 ? -1 : unit == Unit.NANOSECONDS ? ns : ns / 1e3;
            }
        };
        if (scale < 0) {
            throw new Malformed(where + ": unknown unit '" + suffix + "' in '" + n.asString() + "'");
        }
        return Math.round(value * scale);
    }
}
