package dev.daxscope.sim.mm;

import dev.daxscope.model.Outcome;

/** What mmap and mremap returns: the mapping's address, 0 when refused. */
public record AddressResult(Outcome outcome, long address) {
    static AddressResult failed(Outcome refusal) {
        return new AddressResult(refusal, 0);
    }
}
