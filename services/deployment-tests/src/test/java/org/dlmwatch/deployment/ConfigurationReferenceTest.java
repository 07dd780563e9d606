package org.dlmwatch.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlmwatch.cli.DlmWatch;
import org.dlmwatch.rules.RuleConfig;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is exactly what {@code dlm-watch config reference} prints from the code. */
class ConfigurationReferenceTest {

    static final String DOC = "docs/configuration.md";

    @Test
    void configurationReferenceIsGeneratedFromTheCode() throws IOException {
        String generated = generate();
        Path copy = Path.of("target", "configuration.md").toAbsolutePath();
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, generated, StandardCharsets.UTF_8);
        String committed = Files.exists(Repository.path(DOC)) ? Repository.read(DOC) : "";
        assertThat(committed)
                .as("""
                        %s is not what the code says. Regenerate it from the repository root:
                          mvn -o -q install -DskipTests -pl services/cli && java -jar services/cli/target/dlm-watch.jar config reference > %s
                        or copy what this test generated:
                          cp %s %s
                        """, DOC, DOC, Repository.root().relativize(copy), DOC)
                .isEqualTo(generated);
    }

    @Test
    void referenceListsEveryRuleSettingAndTheLoggingVariables() {
        String generated = generate();
        for (RuleConfig.Key key : RuleConfig.Key.values()) {
            assertThat(generated).contains("| `" + key.property() + "` | `" + key.envName() + "` |");
        }
        assertThat(generated).contains("`DLMWATCH_LOG_FORMAT`", "`DLMWATCH_LOG_LEVEL`", "`--kafka-config FILE`",
                "### `dlm-watch engine`", "`DLMWATCH_ENGINE_OPS_PORT`");
        assertThat(generated).as("no value of this machine's environment").doesNotContain("${");
    }

    /** The output of the real command, as a user runs it. */
    static String generate() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DlmWatch.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("config", "reference");
        assertThat(exit).as("dlm-watch config reference: " + err).isZero();
        return out.toString();
    }
}
