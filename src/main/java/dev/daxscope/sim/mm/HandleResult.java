package dev.daxscope.sim.mm;

import dev.daxscope.model.Outcome;

/** What pin_user_pages and get_user_pages returns: the handle to release, -1 when refused. */
public record HandleResult(Outcome outcome, int handle) {
    static HandleResult failed(Outcome refusal) {
        return new HandleResult(refusal, -1);
    }
}
