package io.dataworkspace.dnsfilter.testing;

import java.io.File;

/** Checks that a Debian program the tests need is installed, failing with the package to install. */
public final class Tools {

    private Tools() {
    }

    /**
     * @param program the command
     * @param pkg     the Debian package that provides it
     */
    public static void require(String program, String pkg) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) {
                return;
            }
        }
        throw new IllegalStateException("'" + program + "' is not installed: these tests need the Debian package "
                + pkg + " (apt-get install -y " + pkg.split(" ")[0] + ")");
    }
}
