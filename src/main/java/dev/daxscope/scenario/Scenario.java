package dev.daxscope.scenario;

import dev.daxscope.model.KernelProfile;
import java.util.List;

/** A parsed script: its file name, the kernel it selects and its statements. */
public record Scenario(String file, KernelProfile kernel, List<Statement> statements) {
    public Scenario {
        statements = List.copyOf(statements);
    }
}
