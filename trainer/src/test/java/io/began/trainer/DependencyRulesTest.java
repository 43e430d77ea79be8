package io.began.trainer;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.began.testing.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The trainer keeps to the architecture: see {@link ArchitectureRules}. */
class DependencyRulesTest {

    private static final JavaClasses CLASSES = ArchitectureRules.mainClasses();

    @Test
    void dependsOnNoOtherServiceNorTheCli() {
        ArchitectureRules.dependsOnlyOn("io.began.trainer", "io.began.core", "io.began.service")
                .check(CLASSES);
    }

    @Test
    void hasNoPackageCycles() {
        ArchitectureRules.noPackageCycles("io.began.trainer").check(CLASSES);
    }

    @Test
    void resourcesLeaveStorageAndKafkaToOthers() {
        ArchitectureRules.resourcesDoNoStorageOrKafkaWork().check(CLASSES);
    }

    @Test
    void readsSettingsThroughItsConfigMapping() {
        ArchitectureRules.noConfigPropertyInjection().check(CLASSES);
    }
}
