package org.dlmwatch.deployment;

import java.io.IOException;
import org.dlmwatch.cli.DlmWatch;

/**
 * {@code dlm-watch} itself ({@link DlmWatch#main}) in a JVM of its own, as the container runs it,
 * plus a watchdog: when standard input closes (the test JVM is gone) the process exits, running
 * the CLI's shutdown hooks, so a service under test never outlives its test.
 */
public final class ServiceMain {

    private ServiceMain() {}

    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the test never writes: end of input means it is gone
                }
            } catch (IOException e) {
                // same
            }
            System.exit(0);
        }, "test-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        DlmWatch.main(args);
    }
}
