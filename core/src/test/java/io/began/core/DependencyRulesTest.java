package io.began.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Core is the paper's library, shared by the services and the CLI: plain Java and DJL, no framework, broker or storage
 * client, none of the modules built on it, and no cycles between its packages.
 */
class DependencyRulesTest {

    private static final JavaClasses CORE = mainClasses();

    /** This module's main classes; the classes they use are known by name only (loading them takes seconds). */
    private static JavaClasses mainClasses() {
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        return new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    @Test
    void dependsOnNoFrameworkBrokerOrStorageClient() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.quarkus..",
                        "jakarta.enterprise..",
                        "jakarta.ws.rs..",
                        "io.smallrye..",
                        "org.eclipse.microprofile..",
                        "org.apache.kafka..",
                        "io.minio..")
                .because("core reads like the paper; the services bring Quarkus, Kafka and the bucket")
                .check(CORE);
    }

    @Test
    void dependsOnNoModuleBuiltOnIt() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.began.service..",
                        "io.began.trainer..",
                        "io.began.sampler..",
                        "io.began.evaluator..",
                        "io.began.cli..")
                .check(CORE);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("io.began.core.(*)..").should().beFreeOfCycles().check(CORE);
    }
}
