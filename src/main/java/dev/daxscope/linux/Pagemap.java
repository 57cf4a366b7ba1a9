package dev.daxscope.linux;

import static dev.daxscope.model.PageSizes.PAGE_SHIFT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code /proc/PID/pagemap} (present, swapped, file/shared, exclusive, soft-dirty, PFN) and
 * {@code /proc/kpagecount} / {@code /proc/kpageflags} for a PFN. Without CAP_SYS_ADMIN the kernel
 * reports PFN 0: {@link Entry#pfnHidden()} says so instead of inventing a frame number.
 */
public final class Pagemap {
    public static final long KPF_NOPAGE = 1L << 20;

    private Pagemap() {
    }

    /** One pagemap entry. */
    public record Entry(long raw) {
        public boolean present() {
            return (raw & (1L << 63)) != 0;
        }

        public boolean swapped() {
            return (raw & (1L << 62)) != 0;
        }

        /** Bit 61: file-backed or shared anonymous. */
        public boolean fileOrShared() {
            return (raw & (1L << 61)) != 0;
        }

        public boolean exclusive() {
            return (raw & (1L << 56)) != 0;
        }

        public boolean softDirty() {
            return (raw & (1L << 55)) != 0;
        }

        public long pfn() {
            return raw & ((1L << 55) - 1);
        }

        /** Present but PFN 0: the reader lacks CAP_SYS_ADMIN. */
        public boolean pfnHidden() {
            return present() && pfn() == 0;
        }
    }

    public static Entry entry(Path procPid, long virtualAddress) throws IOException {
        return new Entry(readLong(procPid.resolve("pagemap"), (virtualAddress >>> PAGE_SHIFT) * 8));
    }

    /** {@code pages} consecutive entries from {@code virtualAddress}, in one read. */
    private static long[] entries(Path procPid, long virtualAddress, int pages) throws IOException {
        try (FileChannel ch = openRegular(procPid.resolve("pagemap"))) {
            ByteBuffer b = ByteBuffer.allocate(pages * 8).order(ByteOrder.nativeOrder());
            long offset = (virtualAddress >>> PAGE_SHIFT) * 8;
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) <= 0) {
                    break;
                }
            }
            b.flip();
            long[] out = new long[b.remaining() / 8];
            b.asLongBuffer().get(out);
            return out;
        }
    }

    /**
     * Calls {@code visit} with the index of each present page among the {@code pages} pages from
     * {@code virtualAddress}, reading pagemap in batches; stops when {@code visit} returns false.
     */
    public static void forEachPresent(Path procPid, long virtualAddress, long pages, java.util.function.LongPredicate visit)
            throws IOException {
        final int batchPages = 4096;
        for (long done = 0; done < pages; done += batchPages) {
            long[] batch = entries(procPid, virtualAddress + (done << PAGE_SHIFT), (int) Math.min(batchPages, pages - done));
            for (int i = 0; i < batch.length; i++) {
                if (new Entry(batch[i]).present() && !visit.test(done + i)) {
                    return;
                }
            }
        }
    }

    /** /proc/kpagecount for a PFN (0 for ZONE_DEVICE pages, R99). */
    public static long kpagecount(Path proc, long pfn) throws IOException {
        return readLong(proc.resolve("kpagecount"), pfn * 8);
    }

    /** /proc/kpageflags for a PFN (KPF_NOPAGE only for ZONE_DEVICE pages, R99). */
    public static long kpageflags(Path proc, long pfn) throws IOException {
        return readLong(proc.resolve("kpageflags"), pfn * 8);
    }

    /** Opens only a regular file: a FIFO planted in a capture's proc/ would block the reader. */
    private static FileChannel openRegular(Path file) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static long readLong(Path file, long offset) throws IOException {
        try (FileChannel ch = openRegular(file)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    throw new IOException(file + ": short read at " + offset);
                }
            }
            return b.flip().getLong();
        }
    }
}
