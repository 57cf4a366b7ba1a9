package dev.daxscope.sim.lib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.daxscope.model.FaultEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The fault log's shards: one per writer, merged by sequence number when read, each dropping its own oldest. */
class EventRingTest {
    private static final FaultEvent.Kind FAULT = FaultEvent.Kind.FAULT;

    private static EventRing ring(int capacity) {
        EventRing r = new EventRing(capacity);
        r.intern("ok");
        r.intern("dax0.1");
        return r;
    }

    /** An event whose address names it, so a test can say which one it expects where. */
    private static void record(EventRing.Writer w, long name) {
        w.record(FAULT, 1, name, 1, name, name, 1, 0);
    }

    private static List<Long> names(EventRing.Poll p) {
        return p.events().stream().map(FaultEvent::address).toList();
    }

    private static List<Long> seqs(EventRing.Poll p) {
        return p.events().stream().map(FaultEvent::seq).toList();
    }

    @Test
    void aPollMergesTheShardsInTheOrderTheirEventsWerePublished() {
        EventRing r = ring(1024);
        EventRing.Writer a = r.newWriter();
        EventRing.Writer b = r.newWriter();
        record(a, 0xa0);
        record(a, 0xa1);
        record(b, 0xb0);
        b.flush();
        r.record(FAULT, 1, 0xc0, 1, 0, 0, 1, 0);
        a.flush();
        record(b, 0xb1);
        b.flush();

        EventRing.Poll all = r.poll(0, 100);
        assertThat(names(all)).containsExactly(0xb0L, 0xc0L, 0xa0L, 0xa1L, 0xb1L);
        assertThat(seqs(all)).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(all.dropped()).isZero();
        assertThat(all.nextSeq()).isEqualTo(5);

        EventRing.Poll newest = r.poll(1, 3);
        assertThat(names(newest)).as("the newest three across shards").containsExactly(0xa0L, 0xa1L, 0xb1L);
        assertThat(newest.dropped()).as("seq 1 was left out to keep within max").isEqualTo(1);
        assertThat(r.poll(5, 100).events()).isEmpty();
        assertThat(r.count(FAULT)).isEqualTo(5);
    }

    @Test
    void eachShardDropsItsOwnOldestAndThePollSumsTheDrops() {
        EventRing r = ring(16);
        EventRing.Writer a = r.newWriter();
        EventRing.Writer b = r.newWriter();
        for (int i = 0; i < 40; i++) {
            record(a, 0xa00 + i);
            if (i < 25) {
                record(b, 0xb00 + i);
            }
            a.flush();
            b.flush();
        }
        EventRing.Poll p = r.poll(0, Integer.MAX_VALUE);
        List<Long> expected = new ArrayList<>();
        for (int i = 24; i < 40; i++) {
            expected.add(0xa00L + i);
        }
        for (int i = 9; i < 25; i++) {
            expected.add(0xb00L + i);
        }
        assertThat(names(p)).as("each shard keeps its own newest 16").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(seqs(p)).isSorted();
        assertThat(p.dropped()).as("24 lost by one shard, 9 by the other").isEqualTo(33);
        assertThat(r.overwritten()).isEqualTo(33);
        assertThat(p.nextSeq()).isEqualTo(65);
        assertThat(r.count(FAULT)).isEqualTo(65);
    }

    @Test
    void disabledRingCountsButKeepsNothing() {
        EventRing r = ring(64);
        r.setEnabled(false);
        EventRing.Writer w = r.newWriter();
        record(w, 1);
        w.flush();
        r.record(FaultEvent.Kind.SIGNAL, 1, 2, 1, 0, -1, 0, 0);
        assertThat(r.poll(0, 10).events()).isEmpty();
        assertThat(r.count(FAULT)).isEqualTo(1);
        assertThat(r.count(FaultEvent.Kind.SIGNAL)).isEqualTo(1);
    }

    @Test
    void aClosedWritersShardIsReusedAndItsEventsStayReadable() {
        EventRing r = ring(64);
        EventRing.Writer first = r.newWriter();
        record(first, 1);
        first.close();
        EventRing.Writer second = r.newWriter();
        record(second, 2);
        second.flush();
        assertThat(names(r.poll(0, 10))).containsExactly(1L, 2L);
        assertThat(r.count(FAULT)).isEqualTo(2);
    }

    /**
     * Writers record, flush and a reader polls in a random order (single-threaded, so the order
     * is the seed's); every poll must equal what a model of per-writer rings predicts.
     */
    @Test
    void randomInterleavingsReadAsTheModelOfPerWriterRingsSays() {
        long seed = Long.getLong("daxscope.seed", System.nanoTime());
        System.out.println("EventRingTest seed " + seed + " (rerun with -Ddaxscope.seed=" + seed + ")");
        Random rnd = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int capacity = 16 << rnd.nextInt(3);
            EventRing r = ring(capacity);
            int writers = 1 + rnd.nextInt(4);
            List<EventRing.Writer> ws = new ArrayList<>();
            List<List<Long>> buffered = new ArrayList<>();
            List<List<long[]>> published = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                ws.add(r.newWriter());
                buffered.add(new ArrayList<>());
                published.add(new ArrayList<>());
            }
            published.add(new ArrayList<>()); // the test thread's direct shard
            long[] nextSeq = {0};
            long name = 0;
            long from = 0;
            for (int op = 0; op < 300; op++) {
                int w = rnd.nextInt(writers);
                switch (rnd.nextInt(5)) {
                    case 0, 1 -> {
                        record(ws.get(w), ++name);
                        buffered.get(w).add(name);
                        if (buffered.get(w).size() == Math.min(256, capacity)) {
                            publish(buffered.get(w), published.get(w), nextSeq);
                        }
                    }
                    case 2 -> {
                        ws.get(w).flush();
                        publish(buffered.get(w), published.get(w), nextSeq);
                    }
                    case 3 -> {
                        r.record(FAULT, 1, ++name, 1, name, name, 1, 0);
                        publish(new ArrayList<>(List.of(name)), published.get(writers), nextSeq);
                    }
                    default -> {
                        int max = 1 + rnd.nextInt(40);
                        if (rnd.nextInt(4) == 0) {
                            from = rnd.nextLong(nextSeq[0] + 1);
                        }
                        EventRing.Poll got = r.poll(from, max);
                        List<long[]> want = expected(published, buffered, capacity, from, max);
                        String where = "seed " + seed + " round " + round + " op " + op;
                        assertThat(got.events()).as(where).extracting(FaultEvent::seq, FaultEvent::address)
                                .containsExactlyElementsOf(want.stream()
                                        .map(e -> org.assertj.core.groups.Tuple.tuple(e[0], e[1])).toList());
                        assertThat(got.nextSeq()).as(where).isEqualTo(nextSeq[0]);
                        assertThat(got.dropped()).as(where).isEqualTo(nextSeq[0] - from - want.size());
                        from = got.nextSeq();
                    }
                }
            }
        }
    }

    private static void publish(List<Long> buffered, List<long[]> shard, long[] nextSeq) {
        for (long n : buffered) {
            shard.add(new long[] {nextSeq[0]++, n});
        }
        buffered.clear();
    }

    /**
     * The model: each shard keeps its newest {@code capacity} events, buffered ones included (they
     * take their slots when written); a poll takes the newest {@code max} published from {@code from} on.
     */
    private static List<long[]> expected(List<List<long[]>> shards, List<List<Long>> buffered, int capacity, long from,
                                         int max) {
        List<long[]> held = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            List<long[]> s = shards.get(i);
            int unpublished = i < buffered.size() ? buffered.get(i).size() : 0;
            held.addAll(s.subList(Math.min(s.size(), Math.max(0, s.size() + unpublished - capacity)), s.size()));
        }
        held.removeIf(e -> e[0] < from);
        held.sort(Comparator.comparingLong(e -> e[0]));
        return held.subList(Math.max(0, held.size() - max), held.size());
    }

    /**
     * Two threads record (one through a worker's writer, one directly) while a third polls: every
     * event arrives exactly once and in order, none reported lost, though polls catch writers
     * mid-flush (flushing after most events makes that common).
     */
    @Test
    void concurrentWritersAndAReaderLoseNothingAndSeeEachEventOnce() throws Exception {
        long seed = Long.getLong("daxscope.seed", System.nanoTime());
        System.out.println("EventRingTest concurrent seed " + seed);
        for (int round = 0; round < 5; round++) {
            concurrentRound(new Random(seed + round), "seed " + seed + " round " + round);
        }
    }

    private static void concurrentRound(Random rnd, String where) throws Exception {
        // Room for everything even if the direct writer takes over the worker's shard once it is closed.
        EventRing r = ring(1 << 17);
        int perWriter = 40_000;
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = Thread.ofPlatform().start(() -> run(go, failure, () -> {
            EventRing.Writer w = r.newWriter();
            for (int i = 0; i < perWriter; i++) {
                record(w, i);
                if (rnd.nextInt(4) != 0) {
                    w.flush();
                }
            }
            w.close();
        }));
        Thread direct = Thread.ofPlatform().start(() -> run(go, failure, () -> {
            for (int i = 0; i < perWriter; i++) {
                r.record(FaultEvent.Kind.ZAP, 2, i, 1, i, i, 1, 0);
            }
        }));
        go.countDown();
        long from = 0;
        long dropped = 0;
        long last = -1;
        int seen = 0;
        boolean writing = true;
        while (writing || from < r.written()) {
            writing = worker.isAlive() || direct.isAlive();
            EventRing.Poll p = r.poll(from, Integer.MAX_VALUE);
            for (FaultEvent e : p.events()) {
                assertThat(e.seq()).as(where + ": order and uniqueness").isGreaterThan(last);
                last = e.seq();
                seen++;
            }
            dropped += p.dropped();
            from = p.nextSeq();
        }
        worker.join();
        direct.join();
        assertThat(failure.get()).isNull();
        assertThat(dropped).as(where + ": events reported lost").isZero();
        assertThat(seen).isEqualTo(2 * perWriter);
        assertThat(r.count(FAULT) + r.count(FaultEvent.Kind.ZAP)).isEqualTo(2L * perWriter);
    }

    private static void run(CountDownLatch go, AtomicReference<Throwable> failure, Runnable body) {
        try {
            go.await();
            body.run();
        } catch (Throwable t) {
            failure.set(t);
        }
    }
}
