package io.began.service;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.began.testing.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** What the services share depends on core only: see {@link ArchitectureRules}. */
class DependencyRulesTest {

    private static final JavaClasses CLASSES = ArchitectureRules.mainClasses();

    @Test
    void dependsOnCoreOnly() {
        ArchitectureRules.dependsOnlyOn("io.began.service", "io.began.core").check(CLASSES);
    }

    @Test
    void hasNoPackageCycles() {
        ArchitectureRules.noPackageCycles("io.began.service").check(CLASSES);
    }

    @Test
    void readsSettingsThroughConfigMappings() {
        ArchitectureRules.noConfigPropertyInjection().check(CLASSES);
    }
}
