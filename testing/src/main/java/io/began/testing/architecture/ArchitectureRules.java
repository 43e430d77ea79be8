package io.began.testing.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The architecture DESIGN.md draws, as ArchUnit rules over a module's main classes: data flows one way (trainer →
 * topics and the bucket → sampler and evaluator), so no service depends on another or on the CLI; features do not
 * depend on each other in circles; HTTP resources leave storage and Kafka to the classes behind them; settings are
 * read through the config mappings only. Each module's DependencyRulesTest checks its own classes.
 */
public final class ArchitectureRules {

    /** The modules a service or the CLI might reach for, by root package. */
    private static final List<String> MODULES = List.of(
            "io.began.trainer",
            "io.began.sampler",
            "io.began.evaluator",
            "io.began.cli",
            "io.began.service",
            "io.began.core");

    private static final String CONFIG_PROPERTY = "org.eclipse.microprofile.config.inject.ConfigProperty";

    private ArchitectureRules() {}

    /**
     * The module's main (not test) classes: what Maven compiled into target/classes. Read from that folder alone, not
     * found by package on the whole class path, which takes seconds longer.
     */
    public static JavaClasses mainClasses() {
        // the rules name classes outside the module only by name and package: no need to load them (seconds)
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        return new ClassFileImporter().importPath(Path.of("target", "classes"));
    }

    /** {@code rootPackage} depends on none of the other modules but {@code allowed} ones. */
    public static ArchRule dependsOnlyOn(String rootPackage, String... allowed) {
        List<String> allow = Arrays.asList(allowed);
        String[] forbidden = MODULES.stream()
                .filter(m -> !m.equals(rootPackage) && !allow.contains(m))
                .map(m -> m + "..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage(rootPackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden)
                .because("data flows one way: trainer → topics and bucket → sampler and evaluator (DESIGN.md)");
    }

    /** The feature packages under {@code rootPackage} do not depend on each other in a circle. */
    public static ArchRule noPackageCycles(String rootPackage) {
        return slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles();
    }

    /** JAX-RS resources answer requests; reading the bucket or Kafka is the work of the classes they call. */
    public static ArchRule resourcesDoNoStorageOrKafkaWork() {
        return noClasses()
                .that()
                .areAnnotatedWith("jakarta.ws.rs.Path")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.minio..",
                        "org.apache.kafka..",
                        "io.smallrye.reactive.messaging..",
                        "org.eclipse.microprofile.reactive.messaging..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.began.service.storage.Bucket")
                .because("a resource maps HTTP to the domain; the bucket and the topics sit behind it");
    }

    /** Settings come in through the typed @ConfigMapping interfaces, one per service, never field by field. */
    public static ArchRule noConfigPropertyInjection() {
        return noClasses()
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName(CONFIG_PROPERTY)
                .because("each service reads its settings through its @ConfigMapping type");
    }
}
