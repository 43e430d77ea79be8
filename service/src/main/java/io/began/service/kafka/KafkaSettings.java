package io.began.service.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The connection settings of Quarkus' default Kafka configuration (the {@code default-kafka-broker} map), for the
 * clients a service makes itself beside its messaging channels: the same cluster, the same user.
 */
public final class KafkaSettings {

    /** What a client needs to reach the cluster as this service: where, and how it authenticates. */
    private static final List<String> CONNECTION = List.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
            SaslConfigs.SASL_MECHANISM,
            SaslConfigs.SASL_JAAS_CONFIG);

    private KafkaSettings() {}

    /** A new mutable client config with the connection settings that are set (blank ones are left out). */
    public static Map<String, Object> clientConfig(Map<String, Object> defaults) {
        Map<String, Object> config = new HashMap<>();
        for (String key : CONNECTION) {
            Object value = defaults.get(key);
            if (value != null && !value.toString().isBlank()) {
                config.put(key, value);
            }
        }
        return config;
    }
}
