package dev.daxscope.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version from the jar manifest (or "dev" when run from classes). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"daxscope " + (v == null ? "dev" : v), "Java " + Runtime.version()};
    }
}
