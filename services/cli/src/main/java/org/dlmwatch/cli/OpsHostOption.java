package org.dlmwatch.cli;

import picocli.CommandLine.Option;

/** The interface every service's ops endpoints (/health, /metrics) listen on. */
final class OpsHostOption {

    @Option(names = "--ops-host", defaultValue = "${env:DLMWATCH_OPS_HOST:-127.0.0.1}",
            description = "Interface the ops endpoints listen on (default ${DEFAULT-VALUE}; 0.0.0.0 in containers).")
    String host;
}
