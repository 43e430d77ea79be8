package io.began.sampler.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Request latency per endpoint as a histogram: Quarkus times every request as {@code http.server.requests}, tagged
 * {@code uri} with the route template ({@code /api/runs/{id}/samples.png}, never the raw path); this adds its
 * Prometheus buckets ({@code http_server_requests_seconds_bucket{le=...}}), from 1 ms to 2 minutes (a reconstruction
 * is the slowest request), so latency quantiles can be computed across replicas.
 */
@Singleton
public class HttpHistograms {

    /** The timer Quarkus records HTTP server requests in. */
    static final String REQUESTS = "http.server.requests";

    @Produces
    @Singleton
    MeterFilter requestHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!REQUESTS.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofMinutes(2).toNanos())
                        .build()
                        .merge(config);
            }
        };
    }
}
