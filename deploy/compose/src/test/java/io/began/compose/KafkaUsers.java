package io.began.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The Kafka users of the compose stack as its clients and its broker see them: a client's settings for a user, the
 * ACLs the broker grants, and those the Kubernetes KafkaUsers (deploy/k8s/base/users.yaml) define, in one form.
 */
final class KafkaUsers {

    private KafkaUsers() {}

    /** A client of {@code bootstrap} as a SCRAM-SHA-512 user (the services, began-reader). */
    static Map<String, Object> scram(String bootstrap, String user, String password) {
        return client(
                bootstrap, "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule", user, password);
    }

    /** A client of {@code bootstrap} as the broker's super user (PLAIN, checked against the broker's JAAS file). */
    static Map<String, Object> admin(String bootstrap, String password) {
        return client(bootstrap, "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule", "admin", password);
    }

    private static Map<String, Object> client(
            String bootstrap, String mechanism, String module, String user, String password) {
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM,
                mechanism,
                SaslConfigs.SASL_JAAS_CONFIG,
                "%s required username=\"%s\" password=\"%s\";".formatted(module, user, password));
    }

    /** Every ACL the broker holds, one line each: principal, resource type, pattern, name, operation, permission. */
    static Set<String> granted(Admin admin) throws Exception {
        Set<String> lines = new TreeSet<>();
        for (AclBinding acl : admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS)) {
            lines.add(line(
                    acl.entry().principal(),
                    acl.pattern().resourceType().name(),
                    acl.pattern().patternType().name(),
                    acl.pattern().name(),
                    acl.entry().operation().name(),
                    acl.entry().permissionType().name()
                            + (acl.entry().host().equals("*")
                                    ? ""
                                    : "@" + acl.entry().host())));
        }
        return lines;
    }

    /** The ACLs of every KafkaUser in a Strimzi manifest, in the form of {@link #granted}. */
    static Set<String> defined(Path manifest) throws IOException {
        Set<String> lines = new TreeSet<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (MappingIterator<JsonNode> documents =
                yaml.readerFor(JsonNode.class).readValues(manifest.toFile())) {
            while (documents.hasNext()) {
                JsonNode user = documents.next();
                if (!user.path("kind").asText().equals("KafkaUser")) {
                    continue;
                }
                String principal = "User:" + user.path("metadata").path("name").asText();
                for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                    JsonNode resource = acl.path("resource");
                    // Strimzi's "prefix" is Kafka's PREFIXED; its default pattern type is literal
                    String pattern =
                            resource.path("patternType").asText("literal").equals("prefix") ? "PREFIXED" : "LITERAL";
                    for (JsonNode operation : acl.path("operations")) {
                        lines.add(line(
                                principal,
                                resource.path("type").asText().toUpperCase(Locale.ROOT),
                                pattern,
                                resource.path("name").asText(),
                                operation.asText().toUpperCase(Locale.ROOT),
                                acl.path("type").asText("allow").toUpperCase(Locale.ROOT)));
                    }
                }
            }
        }
        return lines;
    }

    private static String line(
            String principal, String type, String pattern, String name, String operation, String permission) {
        return String.join(" ", principal, type, pattern, name, operation, permission);
    }
}
