package io.began.evaluator;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.began.testing.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The evaluator keeps to the architecture: see {@link ArchitectureRules}. */
class DependencyRulesTest {

    private static final JavaClasses CLASSES = ArchitectureRules.mainClasses();

    @Test
    void dependsOnNoOtherServiceNorTheCli() {
        ArchitectureRules.dependsOnlyOn("io.began.evaluator", "io.began.core", "io.began.service")
                .check(CLASSES);
    }

    @Test
    void hasNoPackageCycles() {
        ArchitectureRules.noPackageCycles("io.began.evaluator").check(CLASSES);
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
