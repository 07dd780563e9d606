package org.dlmwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.dlmwatch.rules.RuleConfig;
import picocli.CommandLine.Option;

/**
 * The clinical rule configuration: the spec's defaults, overridden by a properties file, then by
 * environment variables (see services/surveillance-rules/README.md for every key).
 */
public final class RuleOptions {

    @Option(names = "--rules", paramLabel = "FILE", defaultValue = "${env:DLMWATCH_RULES_FILE}",
            description = "Properties file overriding rule thresholds (env DLMWATCH_RULES_FILE).")
    Path rulesFile;

    public RuleConfig config() {
        Properties properties = new Properties();
        if (rulesFile != null) {
            try (InputStream in = Files.newInputStream(rulesFile)) {
                properties.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --rules " + rulesFile + ": " + e.getMessage(), e);
            }
        }
        return RuleConfig.load(properties, System.getenv());
    }
}
