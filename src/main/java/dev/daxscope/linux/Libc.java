package dev.daxscope.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The system calls the Linux backend needs, through java.lang.foreign (no JNI, no C): open,
 * close, mmap, munmap, madvise, mincore, memfd_create, ftruncate, with errno captured. Every call
 * returns its raw result; {@link #lastErrno} gives the errno of the calling thread's last failure.
 */
public final class Libc {
    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MAP_PRIVATE = 2;
    public static final int MAP_SHARED_VALIDATE = 3;
    public static final int MAP_POPULATE = 0x8000;
    public static final int MAP_SYNC = 0x80000;
    /** MAP_FIXED that fails (EEXIST) instead of replacing: a script can never clobber the JVM's memory. */
    public static final int MAP_FIXED_NOREPLACE = 0x100000;
    public static final int MADV_DONTNEED = 4;
    public static final int MADV_HUGEPAGE = 14;
    public static final int MADV_NOHUGEPAGE = 15;
    public static final long MAP_FAILED = -1L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(() -> Arena.global().allocate(CALL_STATE));
    private static final ThreadLocal<int[]> LAST_ERRNO = ThreadLocal.withInitial(() -> new int[1]);

    private static final MethodHandle OPEN = handle("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), CAPTURE, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            CAPTURE);
    private static final MethodHandle MMAP = handle("mmap", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS,
            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), CAPTURE);
    private static final MethodHandle MUNMAP = handle("munmap", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_LONG), CAPTURE);
    private static final MethodHandle MADVISE = handle("madvise", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), CAPTURE);
    private static final MethodHandle MINCORE = handle("mincore", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), CAPTURE);
    private static final MethodHandle MEMFD_CREATE = handle("memfd_create", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT), CAPTURE);
    private static final MethodHandle MPROTECT = handle("mprotect", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), CAPTURE);
    private static final MethodHandle READ = handle("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), CAPTURE);
    private static final MethodHandle FTRUNCATE = handle("ftruncate", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), CAPTURE);

    private Libc() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** errno of this thread's last failed call made through this class. */
    public static int lastErrno() {
        return LAST_ERRNO.get()[0];
    }

    private static int check(int result) {
        if (result < 0) {
            LAST_ERRNO.get()[0] = (int) ERRNO.get(STATE.get(), 0L);
        }
        return result;
    }

    private static RuntimeException wrap(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException("native call failed", t);
    }

    public static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            return check((int) OPEN.invokeExact(STATE.get(), a.allocateFrom(path), flags, 0));
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    public static int close(int fd) {
        try {
            return check((int) CLOSE.invokeExact(STATE.get(), fd));
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    /** mmap; returns the address, or {@link #MAP_FAILED} with {@link #lastErrno} set. */
    public static long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        try {
            MemorySegment r = (MemorySegment) MMAP.invokeExact(STATE.get(), MemorySegment.ofAddress(addr), length, prot, flags,
                    fd, offset);
            if (r.address() == MAP_FAILED) {
                check(-1);
            }
            return r.address();
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    public static int munmap(long addr, long length) {
        try {
            return check((int) MUNMAP.invokeExact(STATE.get(), MemorySegment.ofAddress(addr), length));
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    public static int madvise(long addr, long length, int advice) {
        try {
            return check((int) MADVISE.invokeExact(STATE.get(), MemorySegment.ofAddress(addr), length, advice));
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    /** mincore: one byte per page, bit 0 set when resident; null with {@link #lastErrno} on failure. */
    public static byte[] mincore(long addr, long length) {
        int pages = (int) ((length + 4095) / 4096);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment vec = a.allocate(pages);
            int r = check((int) MINCORE.invokeExact(STATE.get(), MemorySegment.ofAddress(addr), length, vec));
            return r < 0 ? null : vec.toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    public static int mprotect(long addr, long length, int prot) {
        try {
            return check((int) MPROTECT.invokeExact(STATE.get(), MemorySegment.ofAddress(addr), length, prot));
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    /** read(2) into a scratch buffer; returns bytes read or -1 with {@link #lastErrno}. */
    public static long read(int fd, long length) {
        try (Arena a = Arena.ofConfined()) {
            long r = (long) READ.invokeExact(STATE.get(), fd, a.allocate(Math.max(1, length)), length);
            if (r < 0) {
                check(-1);
            }
            return r;
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    public static int memfdCreate(String name) {
        try (Arena a = Arena.ofConfined()) {
            return check((int) MEMFD_CREATE.invokeExact(STATE.get(), a.allocateFrom(name), 0));
        } catch (Throwable t) {
            throw wrap(t);
        }
    }

    public static int ftruncate(int fd, long length) {
        try {
            return check((int) FTRUNCATE.invokeExact(STATE.get(), fd, length));
        } catch (Throwable t) {
            throw wrap(t);
        }
    }
}
