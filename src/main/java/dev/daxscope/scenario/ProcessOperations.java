package dev.daxscope.scenario;

import dev.daxscope.scenario.Statement.Address;
import dev.daxscope.scenario.Statement.Advice;
import dev.daxscope.scenario.Statement.MceKill;
import dev.daxscope.scenario.Statement.Origin;
import dev.daxscope.scenario.Syntax.NameKind;

/** Builds the operations of a process, {@code P VERB ...} (scenario-language §5). */
final class ProcessOperations {
    /** {@code touch}'s default step and the default length of {@code pin} and {@code get}. */
    private static final long PAGE = 4096;

    private ProcessOperations() {
    }

    static Statement open(Args a, String p) throws ScenarioError {
        a.arity();
        a.requireAs();
        a.oneOf("rw", "ro");
        return new Statement.Open(a.origin(), a.expectation(), p, a.arg(0).text(), a.flag("ro"), a.bound());
    }

    static Statement mmap(Args a, String p) throws ScenarioError {
        a.arity();
        a.requireOption("len");
        a.requireAs();
        a.oneOf("shared", "private");
        a.oneOf("rw", "ro");
        String fd = a.name(a.arg(0), NameKind.FD);
        long len = a.size("len");
        long off = a.size("off", 0);
        Long at = a.size("at");
        return new Statement.Mmap(a.origin(), a.expectation(), p, fd, len, off, !a.flag("private"), !a.flag("ro"), at,
                a.flag("populate"), a.flag("sync"), a.bound());
    }

    static Statement load(Args a, String p) throws ScenarioError {
        a.arity();
        Address address = a.address(a.arg(0));
        return new Statement.Load(a.origin(), a.expectation(), p, address);
    }

    static Statement store(Args a, String p) throws ScenarioError {
        a.arity();
        Address address = a.address(a.arg(0));
        return new Statement.Store(a.origin(), a.expectation(), p, address);
    }

    static Statement touch(Args a, String p) throws ScenarioError {
        a.arity();
        a.requireOption("len");
        a.oneOf("read", "write");
        Address address = a.address(a.arg(0));
        long len = a.size("len");
        Long step = a.size("step");
        if (step != null && step == 0) {
            throw a.err(a.options.get("step").column(), "step= must be positive");
        }
        return new Statement.Touch(a.origin(), a.expectation(), p, address, len, step == null ? PAGE : step, a.flag("write"));
    }

    static Statement munmap(Args a, String p) throws ScenarioError {
        a.arity();
        a.requireOption("len");
        Address address = a.address(a.arg(0));
        long len = a.size("len");
        return new Statement.Munmap(a.origin(), a.expectation(), p, address, len);
    }

    static Statement mprotect(Args a, String p) throws ScenarioError {
        a.arity();
        a.requireOption("len");
        boolean writable = a.exactlyOneFlag("of ro|rw").equals("rw");
        Address address = a.address(a.arg(0));
        long len = a.size("len");
        return new Statement.Mprotect(a.origin(), a.expectation(), p, address, len, writable);
    }

    static Statement madvise(Args a, String p) throws ScenarioError {
        a.arity();
        a.requireOption("len");
        Advice advice = Args.choice(Advice.class, a.exactlyOneFlag("advice"));
        Address address = a.address(a.arg(0));
        long len = a.size("len");
        return new Statement.Madvise(a.origin(), a.expectation(), p, address, len, advice);
    }

    static Statement pin(Args a, String p) throws ScenarioError {
        return gup(a, p, Statement.Pin::new);
    }

    static Statement get(Args a, String p) throws ScenarioError {
        return gup(a, p, Statement.Get::new);
    }

    /** The record of {@code pin} or {@code get}: the same arguments, a different FOLL_ flag. */
    private interface GupStatement {
        Statement of(Origin origin, Expectation expectation, String process, Address address, long len, String handle);
    }

    private static Statement gup(Args a, String p, GupStatement statement) throws ScenarioError {
        a.arity();
        a.requireAs();
        Address address = a.address(a.arg(0));
        long len = a.size("len", PAGE);
        return statement.of(a.origin(), a.expectation(), p, address, len, a.bound());
    }

    static Statement release(Args a, String p) throws ScenarioError {
        a.arity();
        String handle = a.name(a.arg(0), NameKind.HANDLE);
        return new Statement.Release(a.origin(), a.expectation(), p, handle);
    }

    static Statement fdread(Args a, String p) throws ScenarioError {
        a.arity();
        a.requireOption("len");
        String fd = a.name(a.arg(0), NameKind.FD);
        long len = a.size("len");
        return new Statement.Fdread(a.origin(), a.expectation(), p, fd, len);
    }

    static Statement mremap(Args a, String p) throws ScenarioError {
        a.arity();
        a.requireOption("len");
        a.requireOption("newlen");
        a.requireAs();
        Address address = a.address(a.arg(0));
        long len = a.size("len");
        long newLen = a.size("newlen");
        return new Statement.Mremap(a.origin(), a.expectation(), p, address, len, newLen, a.flag("maymove"), a.bound());
    }

    static Statement prctl(Args a, String p) throws ScenarioError {
        a.arity();
        if (!a.arg(0).text().equals("mce-kill")) {
            throw a.err(a.arg(0).column(), "only 'prctl mce-kill' is supported");
        }
        MceKill policy = Args.choice(MceKill.class, a.arg(1).text());
        if (policy == null) {
            throw a.err(a.arg(1).column(), "mce-kill policy must be early, late or default");
        }
        return new Statement.Prctl(a.origin(), a.expectation(), p, policy);
    }

    static Statement close(Args a, String p) throws ScenarioError {
        a.arity();
        String fd = a.name(a.arg(0), NameKind.FD);
        return new Statement.Close(a.origin(), a.expectation(), p, fd);
    }

    static Statement fork(Args a, String p) throws ScenarioError {
        a.arity();
        Statement s = new Statement.Fork(a.origin(), a.expectation(), p, a.arg(0).text());
        a.bind(a.arg(0), NameKind.PROCESS);
        return s;
    }

    static Statement exit(Args a, String p) throws ScenarioError {
        a.arity();
        return new Statement.Exit(a.origin(), a.expectation(), p);
    }

    static Statement alloc(Args a, String p) throws ScenarioError {
        a.arity();
        a.requireOption("len");
        a.requireOption("node");
        long len = a.size("len");
        return new Statement.Alloc(a.origin(), a.expectation(), p, len, a.nodeNumber(a.options.get("node")));
    }
}
