package org.dlmwatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterTest {

    @TempDir
    Path dir;

    @Test
    void laysOutKafkaAndRegistryUnderOneDataFolder() {
        LocalCluster cluster = new LocalCluster(dir);
        assertThat(cluster.dataDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(cluster.kafka().dataDir()).isEqualTo(dir.resolve("kafka").toAbsolutePath());
        assertThat(cluster.registry().workDir()).isEqualTo(dir.resolve("registry").toAbsolutePath());
        assertThat(cluster.registry().logFile()).isEqualTo(dir.resolve("registry/registry.log").toAbsolutePath());
    }

    @Test
    void answersNothingBeforeStart() {
        LocalCluster cluster = new LocalCluster(dir);
        assertThat(cluster.isRunning()).isFalse();
        assertThatThrownBy(cluster::bootstrapServers).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(cluster::schemaRegistryUrl).isInstanceOf(IllegalStateException.class);
        cluster.close(); // harmless before start
    }

    @Test
    void refusesADataFolderThatAnotherRunningClusterUses() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("kafka"));
        java.nio.file.Files.writeString(dir.resolve("kafka/keep.txt"), "data of the running cluster");
        try (DataDirLock held = DataDirLock.acquire(dir)) {
            assertThat(DataDirLock.isHeldElsewhere(dir)).isTrue();
            LocalCluster second = new LocalCluster(dir);
            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another running local cluster")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThat(second.isRunning()).isFalse();
            assertThat(dir.resolve("kafka/keep.txt")).exists();
        }
        assertThat(DataDirLock.isHeldElsewhere(dir)).isFalse();
    }
}
