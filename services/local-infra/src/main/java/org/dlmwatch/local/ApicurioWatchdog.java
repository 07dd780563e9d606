package org.dlmwatch.local;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Internal: the main class of the Apicurio Registry child JVM. It starts a daemon thread that reads
 * standard input, which is a pipe from the parent JVM, and exits this JVM when that pipe closes: the
 * operating system closes it whenever the parent dies, even by {@code kill -9} or a crash where no
 * shutdown hook runs. Then it runs the real main class ({@code args[0]}) with the remaining
 * arguments.
 *
 * <p>This class is copied as a lone class file onto the child's class path, so it must use nothing
 * but the JDK and must not compile into more than one class file (no inner or anonymous classes).
 */
public final class ApicurioWatchdog {

    private ApicurioWatchdog() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ApicurioWatchdog MAIN_CLASS [ARGS...]");
        }
        Thread watchdog = new Thread(ApicurioWatchdog::watchParent, "dlmwatch-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) rest);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watchParent() {
        try {
            byte[] buf = new byte[64];
            while (System.in.read(buf) >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end of stream
        }
        System.err.println("dlm-watch: standard input closed (parent JVM gone or stopping), exiting");
        Thread halt = new Thread(ApicurioWatchdog::haltLater, "dlmwatch-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(0);
    }

    /** If the graceful shutdown hangs, stop hard. */
    private static void haltLater() {
        try {
            Thread.sleep(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(1);
    }
}
