package io.began.testing.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The rules every service keeps ({@link ArchitectureRules}), as tests: a service's DependencyRulesTest extends this
 * with its root package.
 */
public abstract class ServiceDependencyRules {

    private final String rootPackage;
    private final JavaClasses classes = ArchitectureRules.mainClasses();

    protected ServiceDependencyRules(String rootPackage) {
        this.rootPackage = rootPackage;
    }

    @Test
    void dependsOnNoOtherServiceNorTheCli() {
        ArchitectureRules.dependsOnlyOn(rootPackage, "io.began.core", "io.began.service")
                .check(classes);
    }

    @Test
    void hasNoPackageCycles() {
        ArchitectureRules.noPackageCycles(rootPackage).check(classes);
    }

    @Test
    void resourcesLeaveStorageAndKafkaToOthers() {
        ArchitectureRules.resourcesDoNoStorageOrKafkaWork().check(classes);
    }

    @Test
    void readsSettingsThroughItsConfigMapping() {
        ArchitectureRules.noConfigPropertyInjection().check(classes);
    }
}
