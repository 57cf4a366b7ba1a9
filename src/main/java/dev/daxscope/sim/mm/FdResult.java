package dev.daxscope.sim.mm;

import dev.daxscope.model.Outcome;

/** What open(2) returns: the new file descriptor, -1 when refused. */
public record FdResult(Outcome outcome, int fd) {
    static FdResult failed(Outcome refusal) {
        return new FdResult(refusal, -1);
    }
}
