package dev.backprop.cli.output;

import picocli.CommandLine;

/** {@code backprop --version}: the library version, the JDK and whether SIMD kernels are on. */
public final class Version implements CommandLine.IVersionProvider {
    /** The library version, from the jar manifest when packaged. */
    public static String library() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "backprop " + library(),
            "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            "kernels: " + dev.backprop.math.Kernels.defaults()
        };
    }
}
