package dev.daxscope.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.RegionKind;
import dev.daxscope.scenario.Expectation.FolioCounter;
import dev.daxscope.scenario.Statement.Address;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parser hands the runners typed statements: values converted once, defaults applied, names resolved to kinds. */
class TypedStatementsTest {
    private static final String MACHINE = """
            region A dynamic start=0x100000000 size=1G
            spawn P
            P open /dev/dax0.1 as F
            P mmap F len=2M as M
            P pin M as H
            """;

    private static Statement last(String lines) throws ScenarioError {
        List<Statement> all = ScenarioParser.parse("t.dax", MACHINE + lines).statements();
        return all.get(all.size() - 1);
    }

    @Test
    void optionsArriveAsNumbersFlagsAsBooleansAndAbsentOptionsAsDefaults() throws Exception {
        Statement.Mmap m = (Statement.Mmap) last("P mmap F len=2M off=0x1000 private ro at=0x7f0000000000 populate as N => ENOMEM");
        assertThat(m).isEqualTo(new Statement.Mmap(m.origin(), new Expectation.Errno("ENOMEM"), "P", "F", 2L << 20, 4096,
                false, false, 0x7f0000000000L, true, false, "N"));
        assertThat(m.origin()).isEqualTo(new Statement.Origin("t.dax", 6,
                "P mmap F len=2M off=0x1000 private ro at=0x7f0000000000 populate as N"));

        Statement.Mmap plain = (Statement.Mmap) last("P mmap F len=4K as N");
        assertThat(List.of(plain.off(), plain.shared(), plain.writable(), plain.at() == null)).containsExactly(0L, true, true, true);

        Statement.Touch t = (Statement.Touch) last("P touch M+0x1000 len=8K write");
        assertThat(t.address()).isEqualTo(new Address("M+0x1000", "M", 4096));
        assertThat(List.of(t.len(), t.step())).containsExactly(8192L, 4096L);
        assertThat(t.write()).isTrue();

        Statement.Alloc al = (Statement.Alloc) last("P alloc len=768M node=2");
        assertThat(List.of(al.len(), (long) al.node())).containsExactly(768L << 20, 2L);

        Statement.Region r = (Statement.Region) last("region B hmem start=0x200000000 size=1G idle target_node=-1");
        assertThat(r.kind()).isEqualTo(RegionKind.HMEM);
        assertThat(r.align()).as("align not written: the kernel's default applies").isNull();
        assertThat(List.of(r.targetNode(), r.idle())).containsExactly(-1, true);

        Statement.Memory mem = (Statement.Memory) ScenarioParser.parse("t.dax", "memory block=1G auto_online=online_movable")
                .statements().get(0);
        assertThat(mem.autoOnline()).isEqualTo(Statement.AutoOnline.ONLINE_MOVABLE);
        assertThat(List.of(mem.block(), (long) mem.nodes())).containsExactly(1L << 30, 1L);
    }

    @Test
    void expectationsAreTypedAndKeepTheOrderWritten() throws Exception {
        Statement f = last("folio dax0.1 pgoff=0x200 => map=1 ref=2");
        assertThat(((Expectation.FolioCounts) f.expectation()).values())
                .containsExactly(Map.entry(FolioCounter.MAP, 1L), Map.entry(FolioCounter.REF, 2L));
        assertThat(f.expectation().display()).isEqualTo("map=1 ref=2");
        assertThat(last("rss P => rss=2M").expectation()).isEqualTo(new Expectation.Rss(2L << 20));
    }

    @Test
    void anAddressResolvesThroughWhatItsNameHolds() {
        Map<String, Long> bound = Map.of("M", 0x7f0000000000L, "FAILED", 0L);
        assertThat(new Address("M+0x10", "M", 16).resolve(bound)).isEqualTo(0x7f0000000010L);
        assertThat(new Address("FAILED+0x10", "FAILED", 16).resolve(bound)).as("a failed mmap's name faults").isZero();
        assertThat(new Address("0x1000", null, 0x1000).resolve(bound)).isEqualTo(0x1000L);
    }

    /** Every row of the table parses into its own statement: a row added without a record of its own fails here. */
    @Test
    void everyRowOfTheTableParsesIntoItsStatement() throws Exception {
        Map<Syntax, String> examples = new EnumMap<>(Syntax.class);
        examples.put(Syntax.REGION, "region B dynamic start=0x200000000 size=1G");
        examples.put(Syntax.READ, "read @A/size");
        examples.put(Syntax.WRITE, "write @A/create 1");
        examples.put(Syntax.BIND, "bind dax0.1 device_dax");
        examples.put(Syntax.UNBIND, "unbind dax0.1");
        examples.put(Syntax.USER, "user nobody");
        examples.put(Syntax.REMOVE, "remove region A");
        examples.put(Syntax.DAXCTL, "daxctl list -RDM");
        examples.put(Syntax.POISON, "poison 0x100000000 by P");
        examples.put(Syntax.SAY, "say \"hello\"");
        examples.put(Syntax.PAUSE, "pause");
        examples.put(Syntax.STATE, "state");
        examples.put(Syntax.CHECK, "check");
        examples.put(Syntax.SPAWN, "spawn Q");
        examples.put(Syntax.FOLIO, "folio phys=0x100000000");
        examples.put(Syntax.RSS, "rss P");
        examples.put(Syntax.SMAPS, "smaps P M");
        examples.put(Syntax.MAPPINGS, "mappings P");
        examples.put(Syntax.SIGNALS, "signals P");
        examples.put(Syntax.OPEN, "P open /dev/dax0.1 ro as G");
        examples.put(Syntax.MMAP, "P mmap F len=2M as N");
        examples.put(Syntax.LOAD, "P read M");
        examples.put(Syntax.STORE, "P write M");
        examples.put(Syntax.TOUCH, "P touch M len=2M");
        examples.put(Syntax.MUNMAP, "P munmap M len=2M");
        examples.put(Syntax.MPROTECT, "P mprotect M len=2M ro");
        examples.put(Syntax.MADVISE, "P madvise M len=2M hugepage");
        examples.put(Syntax.PIN, "P pin M as I");
        examples.put(Syntax.GET, "P get M len=8K as I");
        examples.put(Syntax.RELEASE, "P release H");
        examples.put(Syntax.FDREAD, "P fdread F len=4K");
        examples.put(Syntax.MREMAP, "P mremap M len=2M newlen=4M maymove as B");
        examples.put(Syntax.PRCTL, "P prctl mce-kill late");
        examples.put(Syntax.CLOSE, "P close F");
        examples.put(Syntax.FORK, "P fork C");
        examples.put(Syntax.EXIT, "P exit");
        examples.put(Syntax.ALLOC, "P alloc len=2M node=1");
        examples.put(Syntax.WORK, "P work off=1M len=1M rate=50");
        examples.put(Syntax.MONITOR, "monitor node=1 sample=1ms aggr=20ms min=3 max=9 seed=2");
        examples.put(Syntax.ELAPSE, "elapse 2s");
        for (Map.Entry<Syntax, String> e : examples.entrySet()) {
            assertThat(last(e.getValue()).syntax()).as(e.getValue()).isEqualTo(e.getKey());
        }
        // kernel, memory and node must open a script.
        List<Statement> opening = ScenarioParser.parse("t.dax", "kernel 6.12\nmemory block=256M\nnode 1 read_latency=100")
                .statements();
        opening.forEach(s -> examples.put(s.syntax(), s.text()));
        assertThat(opening.get(0)).isEqualTo(new Statement.Kernel(opening.get(0).origin(), null,
                dev.daxscope.model.KernelProfile.parse("6.12").orElseThrow()));
        assertThat(opening.get(2)).isEqualTo(new Statement.Node(opening.get(2).origin(), null, 1, 100, 0, 0, 0));
        assertThat(examples.keySet()).containsExactlyInAnyOrder(Syntax.values());
        assertThat(Set.copyOf(examples.values())).hasSize(Syntax.values().length);
    }
}
