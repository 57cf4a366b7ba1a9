package dev.daxscope.scenario;

import static dev.daxscope.scenario.ScriptLexer.shown;

import dev.daxscope.sim.damon.MonitorAttributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the DAMON statements: {@code monitor}, {@code elapse} and {@code P work}. */
final class DamonStatements {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(us|ms|s|m)");
    /** The smallest sampling interval the simulator takes: each interval costs a pass over the regions. */
    static final long MIN_SAMPLE_US = 1_000;
    /** The most time one {@code elapse} moves: ten minutes. */
    static final long MAX_ELAPSE_US = 600_000_000L;

    private DamonStatements() {
    }

    static Statement monitor(Args a) throws ScenarioError {
        a.arity();
        a.requireOption("node");
        MonitorAttributes d = MonitorAttributes.DEFAULTS;
        long sample = duration(a, "sample", d.sampleUs());
        if (sample < MIN_SAMPLE_US) {
            throw a.err(a.options.get("sample").column(), "sample= is at least 1ms in the simulator (each interval visits every region)");
        }
        long aggr = duration(a, "aggr", d.aggrUs());
        int min = (int) Math.min(Integer.MAX_VALUE, count(a, "min", d.minRegions()));
        int max = (int) Math.min(Integer.MAX_VALUE, count(a, "max", d.maxRegions()));
        long seed = count(a, "seed", 1);
        return new Statement.Monitor(a.origin(), a.expectation(), a.nodeNumber(a.options.get("node")), sample, aggr, min, max, seed);
    }

    static Statement elapse(Args a) throws ScenarioError {
        a.arity();
        long us = duration(a, a.arg(0), "elapse");
        if (us <= 0 || us > MAX_ELAPSE_US) {
            throw a.err(a.arg(0).column(), "elapse takes 1us to 10m at a time");
        }
        return new Statement.Elapse(a.origin(), a.expectation(), us);
    }

    static Statement work(Args a, String p) throws ScenarioError {
        a.arity();
        long rate = count(a, "rate", 100);
        if (rate > 100) {
            throw a.err(a.options.get("rate").column(), "rate= is a percentage, 0 to 100");
        }
        return new Statement.Work(a.origin(), a.expectation(), p, a.size("off", 0), a.size("len", 0), (int) rate);
    }

    private static long duration(Args a, String key, long absent) throws ScenarioError {
        Token t = a.options.get(key);
        return t == null ? absent : duration(a, t, key + "=");
    }

    /** {@code 5ms}, {@code 100us}, {@code 2s}, {@code 1m}, in microseconds. */
    private static long duration(Args a, Token t, String what) throws ScenarioError {
        Matcher m = DURATION.matcher(t.text());
        if (!m.matches()) {
            throw a.err(t.column(), what + " needs a duration such as 500us, 5ms, 2s or 1m, not '" + shown(t.text()) + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "us" -> n;
            case "ms" -> n * 1_000;
            case "s" -> n * 1_000_000;
            default -> n * 60_000_000;
        };
    }

    private static long count(Args a, String key, long absent) throws ScenarioError {
        Token t = a.options.get(key);
        return t == null ? absent : a.integer(t, false);
    }
}
