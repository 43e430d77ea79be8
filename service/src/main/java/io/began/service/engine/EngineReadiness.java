package io.began.service.engine;

import ai.djl.engine.Engine;
import io.began.core.model.Devices;
import io.began.service.jobs.BackgroundJobs;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness of the PyTorch engine: libtorch is loaded once at start (thread settings first), and a service that
 * cannot load it at all (a missing class, a native library that does not load) reports DOWN with the cause instead
 * of failing every job later. Every service trains, samples or scores with it.
 */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(EngineReadiness.class);

    private volatile String version;
    private volatile String device;
    private volatile String problem = "not loaded yet";

    /** Before the services' own start-up work, which may use the engine. */
    void load(@Observes @Priority(1) StartupEvent event) {
        load(() -> {
            Devices.configureThreads();
            return Engine.getEngine("PyTorch");
        });
    }

    void load(Supplier<Engine> engines) {
        try {
            Engine engine = engines.get();
            version = engine.getVersion();
            device = engine.defaultDevice().toString();
            problem = null;
            LOG.infof("PyTorch engine %s loaded (default device %s)", version, device);
        } catch (Throwable t) { // NoClassDefFoundError, UnsatisfiedLinkError, EngineException: all mean no engine
            problem = BackgroundJobs.reason(t);
            LOG.errorf(t, "the PyTorch engine cannot be loaded: %s", problem);
        }
    }

    @Override
    public HealthCheckResponse call() {
        String cause = problem;
        if (cause != null) {
            return HealthCheckResponse.named("pytorch-engine")
                    .down()
                    .withData("problem", cause)
                    .build();
        }
        return HealthCheckResponse.named("pytorch-engine")
                .up()
                .withData("version", version)
                .withData("device", device)
                .build();
    }
}
