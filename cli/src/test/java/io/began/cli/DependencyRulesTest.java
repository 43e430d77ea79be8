package io.began.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CLI talks to the services over HTTP, Kafka and the bucket, never through their code; its commands form no
 * cycle.
 */
class DependencyRulesTest {

    private static final JavaClasses CLI = mainClasses();

    /** This module's main classes; the classes they use are known by name only (loading them takes seconds). */
    private static JavaClasses mainClasses() {
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        return new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void dependsOnCoreOnly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.began.service..", "io.began.trainer..", "io.began.sampler..", "io.began.evaluator..")
                .check(CLI);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("io.began.cli.(*)..").should().beFreeOfCycles().check(CLI);
    }
}
