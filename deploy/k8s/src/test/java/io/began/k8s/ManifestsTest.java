package io.began.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.began.core.events.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/k8s} as a user applies it, without an API server (none runs on these machines): each overlay rendered
 * by the real {@code kubectl kustomize}, every object read strictly into the Kubernetes API model (fabric8) or
 * Strimzi's (an unknown field, such as a misspelt {@code protocl}, fails), and the policies checked on the output.
 */
class ManifestsTest {

    private static final Path K8S = Path.of("").toAbsolutePath();
    private static final Path REPOSITORY = K8S.resolve("../..").normalize();
    private static final Path OBSERVABILITY = REPOSITORY.resolve("deploy/observability");
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("Namespace", Namespace.class),
            Map.entry("ConfigMap", ConfigMap.class),
            Map.entry("Secret", Secret.class),
            Map.entry("Service", Service.class),
            Map.entry("Deployment", Deployment.class),
            Map.entry("StatefulSet", StatefulSet.class),
            Map.entry("Job", Job.class),
            Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("NetworkPolicy", NetworkPolicy.class),
            Map.entry("Kafka", Kafka.class),
            Map.entry("KafkaNodePool", KafkaNodePool.class),
            Map.entry("KafkaTopic", KafkaTopic.class),
            Map.entry("KafkaUser", KafkaUser.class),
            // the Prometheus Operator's CRD (components/service-monitors): no model here, checked field by field
            Map.entry("ServiceMonitor", GenericKubernetesResource.class));
    /** The fields of a ServiceMonitor the manifests may use, by where they are (monitoring.coreos.com/v1's schema). */
    private static final Map<String, Set<String>> SERVICE_MONITOR_FIELDS = Map.of(
            "", Set.of("apiVersion", "kind", "metadata", "spec"),
            "spec", Set.of("selector", "endpoints", "namespaceSelector", "jobLabel", "targetLabels", "podTargetLabels"),
            "spec.selector", Set.of("matchLabels", "matchExpressions"),
            "spec.endpoints[]",
                    Set.of(
                            "port",
                            "targetPort",
                            "path",
                            "scheme",
                            "interval",
                            "scrapeTimeout",
                            "honorLabels",
                            "relabelings",
                            "metricRelabelings"),
            "spec.namespaceSelector", Set.of("any", "matchNames"));

    private static final Map<String, List<HasMetadata>> RENDERED = new LinkedHashMap<>();

    @BeforeAll
    static void render() throws Exception {
        boolean kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
        if (!kubectl) {
            // CI has kubectl (with its kustomize); a developer machine without it skips, loudly
            assertFalse("true".equals(System.getenv("CI")), "kubectl is needed to render deploy/k8s");
            org.junit.jupiter.api.Assumptions.abort("no kubectl on PATH: deploy/k8s not rendered");
        }
        // deploy/k8s and deploy/observability (the dashboard's Component) side by side, as in the repository
        Path copy = Files.createTempDirectory("began-k8s").resolve("k8s");
        for (String dir : List.of("base", "overlays", "components")) {
            copyTree(K8S.resolve(dir), copy.resolve(dir));
        }
        copyTree(OBSERVABILITY, copy.resolveSibling("observability"));
        // the Secret's env file is git-ignored: a made-up one, as a user would write it
        Files.writeString(
                copy.resolve("base/secrets/s3.env"), "S3_ACCESS_KEY=k8s-test\nS3_SECRET_KEY=k8s-test-secret\n");
        Files.writeString(copy.resolve("base/secrets/api.env"), "BEGAN_API_TOKEN=k8s-test-token\n");
        StringBuilder users = new StringBuilder();
        for (String service : List.of("TRAINER", "SAMPLER", "EVALUATOR")) {
            users.append(service)
                    .append("_S3_ACCESS_KEY=")
                    .append(service.toLowerCase(java.util.Locale.ROOT))
                    .append("-key\n")
                    .append(service)
                    .append("_S3_SECRET_KEY=k8s-test-secret\n");
        }
        Files.writeString(copy.resolve("base/secrets/s3-users.env"), users.toString());
        for (String overlay : List.of("cpu", "gpu", "gpu-evaluator", "monitoring")) {
            RENDERED.put(overlay, strict(kustomize(copy.resolve("overlays").resolve(overlay))));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().endsWith(".env") || file.startsWith(from.resolve("config"))) {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static String kustomize(Path overlay) throws Exception {
        Process process = new ProcessBuilder("kubectl", "kustomize", overlay.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize " + overlay + " did not end");
        assertEquals(0, process.exitValue(), "kubectl kustomize " + overlay + ":\n" + output);
        return output;
    }

    /** Every document as its model class; a kind the test does not know or a field no model has fails. */
    private static List<HasMetadata> strict(String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode doc :
                YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
            String kind = doc.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            assertNotNull(type, "a kind the test does not check: " + kind);
            if (type == GenericKubernetesResource.class) {
                assertEquals("monitoring.coreos.com/v1", doc.path("apiVersion").asText(), kind);
                List<String> unknown = new ArrayList<>();
                unknownFields(doc, "", unknown);
                assertEquals(List.of(), unknown, kind + " fields its CRD does not have");
            }
            HasMetadata object = YAML.treeToValue(doc, type);
            List<String> unknown = new ArrayList<>();
            if (type != GenericKubernetesResource.class) {
                unknownFields(object, kind + "/" + object.getMetadata().getName(), unknown, new IdentityHashMap<>());
            }
            assertEquals(List.of(), unknown, "fields no API model has");
            objects.add(object);
        }
        return objects;
    }

    /** A ServiceMonitor's fields that {@link #SERVICE_MONITOR_FIELDS} does not list (metadata is ObjectMeta). */
    private static void unknownFields(JsonNode node, String path, List<String> unknown) {
        if (node.isArray()) {
            node.forEach(item -> unknownFields(item, path + "[]", unknown));
            return;
        }
        Set<String> allowed = SERVICE_MONITOR_FIELDS.get(path);
        if (allowed == null) {
            return; // below the fields listed: label maps, metadata, relabelings
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                unknown.add(path + "." + name);
            } else {
                unknownFields(node.get(name), path.isEmpty() ? name : path + "." + name, unknown);
            }
        });
    }

    /** The models keep unknown fields in additionalProperties instead of failing: find them anywhere. */
    private static void unknownFields(Object value, String path, List<String> unknown, Map<Object, Object> seen) {
        if (value == null || value instanceof Enum<?> || seen.containsKey(value)) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        seen.put(value, value);
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object child;
                try {
                    child = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties") && child instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                } else {
                    unknownFields(child, path + "." + field.getName(), unknown, seen);
                }
            }
        }
    }

    private static <T> List<T> all(String overlay, Class<T> type) {
        return RENDERED.get(overlay).stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static Deployment deployment(String overlay, String name) {
        return all(overlay, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name + " in " + overlay));
    }

    /** Every pod template of the overlay: Deployments, the StatefulSet, the Job. */
    private static Map<String, PodSpec> pods(String overlay) {
        Map<String, PodSpec> pods = new LinkedHashMap<>();
        all(overlay, Deployment.class)
                .forEach(d -> pods.put(
                        "Deployment/" + d.getMetadata().getName(),
                        d.getSpec().getTemplate().getSpec()));
        all(overlay, StatefulSet.class)
                .forEach(s -> pods.put(
                        "StatefulSet/" + s.getMetadata().getName(),
                        s.getSpec().getTemplate().getSpec()));
        all(overlay, Job.class)
                .forEach(j -> pods.put(
                        "Job/" + j.getMetadata().getName(),
                        j.getSpec().getTemplate().getSpec()));
        return pods;
    }

    @Test
    void everyOverlayRendersTheWholeStackInItsNamespace() {
        for (String overlay : RENDERED.keySet()) {
            List<HasMetadata> objects = RENDERED.get(overlay);
            for (String name : List.of("trainer", "sampler", "evaluator")) {
                deployment(overlay, name);
                assertTrue(all(overlay, Service.class).stream()
                        .anyMatch(s -> s.getMetadata().getName().equals(name)));
                assertTrue(
                        all(overlay, PodDisruptionBudget.class).stream()
                                .anyMatch(p -> p.getMetadata().getName().equals(name)),
                        "a PDB for " + name);
            }
            assertEquals(1, all(overlay, Kafka.class).size());
            assertEquals(1, all(overlay, StatefulSet.class).size(), "MinIO");
            objects.stream()
                    .filter(o -> !(o instanceof Namespace))
                    .forEach(o -> assertEquals(
                            "began",
                            o.getMetadata().getNamespace(),
                            o.getKind() + " " + o.getMetadata().getName()));
        }
    }

    @Test
    void everyContainerHasProbesResourcesALockedDownContextAndAPinnedImage() {
        for (String overlay : RENDERED.keySet()) {
            pods(overlay).forEach((owner, pod) -> {
                for (Container c : pod.getContainers()) {
                    String where = overlay + " " + owner + " " + c.getName();
                    String image = c.getImage();
                    assertTrue(
                            image.matches("[^:@]+(:[^:@/]+|@sha256:[0-9a-f]{64})") && !image.endsWith(":latest"),
                            where + ": image pinned by tag, not latest: " + image);
                    assertNotNull(c.getResources().getRequests().get("cpu"), where + " cpu request");
                    assertNotNull(c.getResources().getRequests().get("memory"), where + " memory request");
                    assertNotNull(c.getResources().getLimits().get("memory"), where + " memory limit");
                    var sc = c.getSecurityContext();
                    assertNotNull(sc, where + " securityContext");
                    assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where);
                    assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), where);
                    assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), where);
                    assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), where + " runAsNonRoot");
                    if (owner.startsWith("Deployment/") || owner.startsWith("StatefulSet/")) {
                        assertNotNull(c.getReadinessProbe(), where + " readiness probe");
                        assertNotNull(c.getLivenessProbe(), where + " liveness probe");
                    }
                }
            });
            for (String name : List.of("trainer", "sampler", "evaluator")) {
                Container c = deployment(overlay, name)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0);
                assertEquals(
                        "/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
                assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
                assertEquals(
                        "/q/health/started", c.getStartupProbe().getHttpGet().getPath());
            }
            // long enough for a checkpoint: the trainer writes one on SIGTERM before it hands the run over
            long grace = deployment(overlay, "trainer")
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getTerminationGracePeriodSeconds();
            assertTrue(grace >= 60, overlay + " trainer grace " + grace);
        }
    }

    @Test
    void onlyTheGpuOverlaysTrainersAskForAndLandOnGpus() {
        for (String overlay : RENDERED.keySet()) {
            pods(overlay).forEach((owner, pod) -> {
                // the trainers of the gpu overlays, and the evaluator where the evaluator-gpu component is added
                boolean gpuTrainer = overlay.startsWith("gpu") && owner.equals("Deployment/trainer")
                        || overlay.equals("gpu-evaluator") && owner.equals("Deployment/evaluator");
                Container c = pod.getContainers().get(0);
                var gpus = c.getResources().getLimits().get("nvidia.com/gpu");
                assertEquals(gpuTrainer, gpus != null, overlay + " " + owner + " GPU limit");
                assertEquals(
                        gpuTrainer,
                        pod.getNodeSelector() != null
                                && "true".equals(pod.getNodeSelector().get("nvidia.com/gpu.present")),
                        overlay + " " + owner);
                assertEquals(
                        gpuTrainer,
                        pod.getTolerations() != null
                                && pod.getTolerations().stream()
                                        .anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())
                                                && "NoSchedule".equals(t.getEffect())),
                        overlay + " " + owner + " toleration");
                if (gpuTrainer) {
                    assertEquals("1", gpus.getAmount());
                    assertTrue(c.getImage().matches("began/(trainer|evaluator)-gpu:.+"), c.getImage());
                }
            });
        }
        int replicas = deployment("gpu", "trainer").getSpec().getReplicas();
        int partitions = all("gpu", KafkaTopic.class).stream()
                .filter(t -> t.getSpec().getTopicName().equals(Topics.RUNS))
                .findFirst()
                .orElseThrow()
                .getSpec()
                .getPartitions();
        assertTrue(
                replicas >= 2 && replicas <= partitions,
                "trainers share began.runs: " + replicas + " of " + partitions + " partitions");
    }

    /**
     * The trainers as a group: each replica its own id (the pod's name: two with one id would each take the other's
     * runs for their own), and a grace period that outlasts the hand-over of a run at SIGTERM.
     */
    @Test
    void eachTrainerReplicaHasItsOwnIdAndTimeToHandItsRunOver() throws Exception {
        java.util.Properties trainer = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of("../../trainer/src/main/resources/application.properties"))) {
            trainer.load(in);
        }
        long handOver = java.time.Duration.parse("PT"
                        + trainer.getProperty("began.trainer.hand-over-timeout").toUpperCase())
                .toSeconds();
        for (String overlay : RENDERED.keySet()) {
            var pod = deployment(overlay, "trainer").getSpec().getTemplate().getSpec();
            var id = pod.getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals("BEGAN_TRAINER_ID"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("metadata.name", id.getValueFrom().getFieldRef().getFieldPath(), overlay);
            assertTrue(
                    pod.getTerminationGracePeriodSeconds() > handOver + 30,
                    overlay + ": grace " + pod.getTerminationGracePeriodSeconds() + " s for a hand-over of up to "
                            + handOver + " s");
        }
    }

    /**
     * Each service reaches Kafka as its own KafkaUser, whose ACLs are exactly what its channels do: read the topics it
     * consumes, write those it produces and its dead-letter topics, read its consumer groups; and it takes the
     * user's credentials from the Secret the User Operator makes for that user.
     */
    @Test
    void eachServiceIsAKafkaUserAllowedExactlyWhatItsChannelsDo() throws IOException {
        Kafka kafka = all("gpu", Kafka.class).get(0);
        assertEquals("simple", kafka.getSpec().getKafka().getAuthorization().getType());
        kafka.getSpec()
                .getKafka()
                .getListeners()
                .forEach(l -> assertEquals(
                        "scram-sha-512",
                        l.getAuth().getType(),
                        "listener " + l.getName() + " authenticates its clients"));
        for (String service : List.of("trainer", "sampler", "evaluator")) {
            Map<String, Set<String>> expected = new TreeMap<>();
            Set<String> groups = new TreeSet<>();
            java.util.Properties props = new java.util.Properties();
            try (var in = Files.newInputStream(
                    REPOSITORY.resolve(service).resolve("src/main/resources/application.properties"))) {
                props.load(in);
            }
            for (String key : props.stringPropertyNames()) {
                String value = props.getProperty(key);
                if (key.startsWith("mp.messaging.incoming.")
                        && key.endsWith(".topic")
                        && !key.endsWith(".dead-letter-queue.topic")) {
                    expected.computeIfAbsent(value, t -> new TreeSet<>()).addAll(List.of("Read", "Describe"));
                } else if (key.startsWith("mp.messaging.") && key.endsWith("topic")) { // outgoing and dead letters
                    expected.computeIfAbsent(value, t -> new TreeSet<>()).addAll(List.of("Write", "Describe"));
                } else if (key.endsWith(".group.id")) {
                    groups.add(value.replaceAll("\\$\\{.*", ""));
                }
            }
            if (service.equals("trainer")) { // TrainerGroup consumes began.runs itself, in its own group
                expected.computeIfAbsent(Topics.RUNS, t -> new TreeSet<>()).addAll(List.of("Read", "Describe"));
                groups.add(props.getProperty("began.trainer.group"));
            }
            if (service.equals("evaluator")) { // PublishedEvaluations reads its own topic back (assigned, no group)
                expected.computeIfAbsent(Topics.EVALUATIONS, t -> new TreeSet<>())
                        .addAll(List.of("Read", "Describe"));
            }
            KafkaUser user = all("gpu", KafkaUser.class).stream()
                    .filter(u -> u.getMetadata().getName().equals("began-" + service))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no KafkaUser began-" + service));
            assertEquals("scram-sha-512", user.getSpec().getAuthentication().getType());
            Map<String, Set<String>> topics = new TreeMap<>();
            Set<String> userGroups = new TreeSet<>();
            var acls = ((io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple)
                            user.getSpec().getAuthorization())
                    .getAcls();
            for (var acl : acls) {
                Set<String> ops = new TreeSet<>(acl.getOperations().stream()
                        .map(Object::toString)
                        .map(o -> o.charAt(0) + o.substring(1).toLowerCase(java.util.Locale.ROOT))
                        .toList());
                if (acl.getResource() instanceof io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource t) {
                    assertEquals("literal", t.getPatternType().toValue(), service + ": topics by name");
                    topics.computeIfAbsent(t.getName(), n -> new TreeSet<>()).addAll(ops);
                } else if (acl.getResource() instanceof io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource g) {
                    assertEquals(Set.of("Read", "Describe"), ops, service + " group " + g.getName());
                    userGroups.add(g.getPatternType().toValue() + ":" + g.getName());
                } else {
                    fail(service + ": an ACL on neither a topic nor a group: " + acl.getResource());
                }
            }
            assertEquals(expected, topics, service + ": the ACLs of its topics are its channels'");
            // a group id ending in ${...} (one per replica) is a prefix, matched by a prefix ACL; the others literally
            for (String group : groups) {
                assertTrue(
                        userGroups.stream()
                                .anyMatch(g -> g.equals("literal:" + group)
                                        || g.startsWith("prefix:")
                                                && group.startsWith(g.substring("prefix:".length()))),
                        service + ": no ACL for its consumer group " + group + " in " + userGroups);
            }
            for (String acl : userGroups) {
                String name = acl.substring(acl.indexOf(':') + 1);
                assertTrue(
                        groups.stream().anyMatch(g -> acl.startsWith("prefix:") ? g.startsWith(name) : g.equals(name)),
                        service + ": a group ACL " + acl + " for no group it uses " + groups);
            }
            for (String overlay : RENDERED.keySet()) {
                var jaas =
                        deployment(overlay, service)
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getEnv()
                                .stream()
                                .filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG"))
                                .findFirst()
                                .orElseThrow(
                                        () -> new AssertionError(overlay + " " + service + ": no Kafka credentials"));
                assertEquals(
                        "began-" + service,
                        jaas.getValueFrom().getSecretKeyRef().getName());
                assertEquals(
                        "sasl.jaas.config",
                        jaas.getValueFrom().getSecretKeyRef().getKey());
                // and its API token (without one a service does not start in prod mode)
                var token =
                        deployment(overlay, service)
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getEnv()
                                .stream()
                                .filter(e -> e.getName().equals("BEGAN_API_TOKEN"))
                                .findFirst()
                                .orElseThrow(() -> new AssertionError(overlay + " " + service + ": no API token"));
                assertTrue(token.getValueFrom().getSecretKeyRef().getName().startsWith("began-api"), token.toString());
            }
        }
    }

    /**
     * Object storage with least privilege: each service reaches MinIO as its own user, never as root; the Job that
     * makes the users attaches to each the policy of its name, and each policy allows what the service does to the
     * bucket layout and nothing more: no deletes, no admin, no wildcard actions; the sampler writes only the sample
     * grids it renders, the evaluator only evaluations, classifiers and baselines.
     */
    @Test
    void eachServiceReachesObjectStorageAsItsOwnUserWithALeastPrivilegePolicy() throws IOException {
        Map<String, Set<String>> writes = Map.of(
                "trainer", Set.of("arn:aws:s3:::began/runs/*", "arn:aws:s3:::began/sweeps/*"),
                "sampler", Set.of("arn:aws:s3:::began/runs/*/samples/*"),
                "evaluator",
                        Set.of(
                                "arn:aws:s3:::began/runs/*/evaluations/*",
                                "arn:aws:s3:::began/classifiers/*",
                                "arn:aws:s3:::began/extractors/*/baselines/*"));
        for (String overlay : RENDERED.keySet()) {
            ConfigMap policies = all(overlay, ConfigMap.class).stream()
                    .filter(c -> c.getMetadata().getName().startsWith("minio-policies"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(overlay + ": no minio-policies ConfigMap"));
            assertEquals(
                    Set.of("began-trainer.json", "began-sampler.json", "began-evaluator.json"),
                    policies.getData().keySet());
            PodSpec job = pods(overlay).get("Job/minio-bucket");
            String script = String.join("\n", job.getContainers().get(0).getArgs());
            assertTrue(
                    job.getVolumes().stream()
                            .anyMatch(v -> v.getConfigMap() != null
                                    && v.getConfigMap()
                                            .getName()
                                            .equals(policies.getMetadata().getName())),
                    "the Job mounts them");
            for (String service : writes.keySet()) {
                String upper = service.toUpperCase(java.util.Locale.ROOT);
                assertTrue(
                        script.contains("user " + service + " \"$" + upper + "_S3_ACCESS_KEY\" \"$" + upper
                                + "_S3_SECRET_KEY\""),
                        overlay + ": the Job makes the " + service + " user: " + script);
                for (Container c : deployment(overlay, service)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()) {
                    for (String variable : List.of("S3_ACCESS_KEY", "S3_SECRET_KEY")) {
                        var ref = c.getEnv().stream()
                                .filter(e -> e.getName().equals(variable))
                                .findFirst()
                                .orElseThrow()
                                .getValueFrom()
                                .getSecretKeyRef();
                        assertTrue(ref.getName().startsWith("began-s3-users"), overlay + " " + service + " " + ref);
                        assertEquals(upper + "_" + variable, ref.getKey(), overlay + " " + service);
                    }
                    assertTrue(
                            c.getEnvFrom().stream()
                                    .noneMatch(e -> e.getSecretRef() != null
                                            && e.getSecretRef().getName().matches("began-s3(-[a-z0-9]{10})?")),
                            service + " holds no root key");
                }
                JsonNode policy = YAML.readTree(policies.getData().get("began-" + service + ".json"));
                Set<String> written = new TreeSet<>();
                for (JsonNode statement : policy.path("Statement")) {
                    assertEquals("Allow", statement.path("Effect").asText());
                    for (JsonNode action : statement.path("Action")) {
                        assertTrue(
                                Set.of("s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation")
                                        .contains(action.asText()),
                                service + " may " + action);
                        if (action.asText().equals("s3:PutObject")) {
                            statement.path("Resource").forEach(r -> written.add(r.asText()));
                        }
                    }
                }
                assertEquals(writes.get(service), written, service + " writes only these");
            }
        }
    }

    @Test
    void theKafkaTopicsAreTheTopicsTheCodeUses() {
        Set<String> expected = new TreeSet<>(Topics.ALL);
        Topics.ALL.forEach(t -> expected.add(Topics.deadLetters(t)));
        for (String overlay : RENDERED.keySet()) {
            Set<String> topics = new TreeSet<>();
            all(overlay, KafkaTopic.class).forEach(t -> {
                topics.add(t.getSpec().getTopicName());
                assertEquals("began", t.getMetadata().getLabels().get("strimzi.io/cluster"));
                // a run's last best checkpoint must outlive any retention: the sampler reads the topic from its start
                if (t.getSpec().getTopicName().equals(Topics.BEST_CHECKPOINTS)) {
                    assertEquals("compact", t.getSpec().getConfig().get("cleanup.policy"), overlay);
                }
            });
            assertEquals(expected, topics, overlay);
        }
    }

    @Test
    void everySettingIsOneTheServicesReadAndEverySecretIsReferencedWithoutCommittedValues() throws IOException {
        String properties = Stream.of("trainer", "sampler", "evaluator")
                .map(s -> REPOSITORY.resolve(s).resolve("src/main/resources/application.properties"))
                .map(p -> {
                    try {
                        return Files.readString(p);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .reduce("", String::concat);
        for (String overlay : RENDERED.keySet()) {
            // the services' settings (minio-policies holds files for the MinIO Job, not settings)
            for (ConfigMap config : all(overlay, ConfigMap.class).stream()
                    .filter(c -> c.getMetadata().getName().startsWith("began-config"))
                    .toList()) {
                for (String key : config.getData().keySet()) {
                    // Quarkus maps BEGAN_EVALUATOR_SAMPLES to began.evaluator.samples; others are ${NAME} references
                    String property = key.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                    boolean read = properties.contains("${" + key)
                            || properties
                                    .lines()
                                    .anyMatch(l -> l.replaceFirst("^%\\w+\\.", "")
                                            .replace('-', '.')
                                            .startsWith(property + "="));
                    assertTrue(read, overlay + ": " + key + " is read by no service");
                }
            }
            List<Secret> secrets = all(overlay, Secret.class);
            assertFalse(secrets.isEmpty());
            Set<String> referenced = new TreeSet<>();
            pods(overlay).values().forEach(pod -> {
                for (Container c : pod.getContainers()) {
                    c.getEnv().stream()
                            .filter(e ->
                                    e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                            .forEach(e -> referenced.add(
                                    e.getValueFrom().getSecretKeyRef().getName()));
                    c.getEnvFrom().stream()
                            .filter(e -> e.getSecretRef() != null)
                            .forEach(e -> referenced.add(e.getSecretRef().getName()));
                }
                pod.getVolumes().stream()
                        .filter(v -> v.getSecret() != null)
                        .forEach(v -> referenced.add(v.getSecret().getSecretName()));
            });
            Set<String> defined = new TreeSet<>();
            secrets.forEach(secret -> defined.add(secret.getMetadata().getName()));
            // Strimzi's User Operator makes a Secret named after each KafkaUser (its password and sasl.jaas.config)
            Set<String> users = new TreeSet<>();
            all(overlay, KafkaUser.class).forEach(u -> users.add(u.getMetadata().getName()));
            referenced.removeIf(name -> users.contains(name) && !defined.contains(name));
            assertEquals(defined, referenced, overlay + ": every Secret is used, and only Secrets that exist");
        }
        // in git: only the example env files, without values; the real ones are ignored
        Path secrets = K8S.resolve("base/secrets");
        try (Stream<Path> files = Files.list(secrets)) {
            for (Path example :
                    files.filter(f -> f.toString().endsWith(".env.example")).toList()) {
                for (String line : Files.readAllLines(example)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        assertTrue(line.endsWith("="), example + " commits a value: " + line);
                    }
                }
            }
        }
        for (String env : List.of("s3.env", "s3-users.env", "api.env")) {
            Process ignored = new ProcessBuilder(
                            "git", "check-ignore", "-q", secrets.resolve(env).toString())
                    .directory(REPOSITORY.toFile())
                    .start();
            try {
                assertEquals(0, ignored.waitFor(), "base/secrets/" + env + " must be git-ignored");
            } catch (InterruptedException e) {
                fail(e);
            }
        }
    }

    /**
     * Metrics scraping: every overlay's service pods carry the prometheus.io annotations naming their http port and
     * /q/metrics, and the services' NetworkPolicy lets any namespace (a monitoring one) reach that port. Only the
     * monitoring overlay (components/service-monitors) has ServiceMonitors, which need the Operator's CRDs: one per
     * service, in its namespace, selecting exactly its Service by the Service's labels, on a port the Service names
     * (targeting the container port the annotation names), at /q/metrics; and the dashboard's ConfigMap, labelled
     * for Grafana's sidecar, whose began.json is deploy/observability/grafana/began.json byte for byte.
     */
    @Test
    void theServicesAreScrapedAndTheDashboardIsTheOneComposeProvisions() throws IOException {
        Map<String, Integer> ports = Map.of("trainer", 8081, "sampler", 8082, "evaluator", 8083);
        String dashboard = Files.readString(OBSERVABILITY.resolve("grafana/began.json"));
        for (String overlay : RENDERED.keySet()) {
            for (String service : ports.keySet()) {
                var template = deployment(overlay, service).getSpec().getTemplate();
                Map<String, String> annotations = template.getMetadata().getAnnotations();
                String where = overlay + " " + service;
                assertNotNull(annotations, where + ": pod annotations");
                assertEquals("true", annotations.get("prometheus.io/scrape"), where);
                assertEquals("/q/metrics", annotations.get("prometheus.io/path"), where);
                assertEquals(String.valueOf(ports.get(service)), annotations.get("prometheus.io/port"), where);
                assertEquals(
                        ports.get(service),
                        httpPort(template.getSpec().getContainers().get(0)),
                        where + ": the annotated port is the container's http port");
                Map<String, String> labels = template.getMetadata().getLabels();
                assertTrue(
                        all(overlay, NetworkPolicy.class).stream()
                                .anyMatch(policy -> selects(policy.getSpec().getPodSelector(), labels)
                                        && policy.getSpec().getIngress().stream()
                                                .anyMatch(rule -> (rule.getFrom() == null
                                                                || rule.getFrom()
                                                                        .isEmpty())
                                                        && rule.getPorts().stream()
                                                                .anyMatch(port -> port.getPort() != null
                                                                        && "http"
                                                                                .equals(port.getPort()
                                                                                        .getStrVal())))),
                        where + ": a NetworkPolicy lets Prometheus (any namespace) reach the http port");
            }
            boolean monitoring = overlay.equals("monitoring");
            assertEquals(
                    monitoring,
                    !serviceMonitors(overlay).isEmpty(),
                    overlay + ": ServiceMonitors only with " + "the component (they need the Operator's CRDs)");
            assertEquals(
                    monitoring,
                    all(overlay, ConfigMap.class).stream()
                            .anyMatch(c -> c.getMetadata().getName().equals("began-grafana-dashboard")),
                    overlay);
        }
        List<JsonNode> monitors = serviceMonitors("monitoring");
        assertEquals(
                ports.keySet(),
                monitors.stream()
                        .map(m -> m.at("/metadata/name").asText())
                        .collect(java.util.stream.Collectors.toSet()),
                "a ServiceMonitor per service");
        for (JsonNode monitor : monitors) {
            String name = monitor.at("/metadata/name").asText();
            assertEquals("began", monitor.at("/metadata/namespace").asText(), name + ": the services' namespace");
            Map<String, String> selector = new TreeMap<>();
            monitor.at("/spec/selector/matchLabels")
                    .fields()
                    .forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
            assertFalse(selector.isEmpty(), name + ": selects by labels");
            List<Service> selected = all("monitoring", Service.class).stream()
                    .filter(s -> s.getMetadata().getLabels() != null
                            && s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertEquals(
                    List.of(name),
                    selected.stream().map(s -> s.getMetadata().getName()).toList(),
                    name + ": selects exactly its Service, by the Service's labels " + selector);
            Service service = selected.get(0);
            JsonNode endpoints = monitor.at("/spec/endpoints");
            assertEquals(1, endpoints.size(), name);
            for (JsonNode endpoint : endpoints) {
                String port = endpoint.path("port").asText();
                var servicePort = service.getSpec().getPorts().stream()
                        .filter(p -> port.equals(p.getName()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(name + ": the Service has no port " + port));
                assertEquals("http", servicePort.getTargetPort().getStrVal(), name);
                assertEquals(
                        ports.get(name),
                        httpPort(deployment("monitoring", name)
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)),
                        name);
                assertEquals("/q/metrics", endpoint.path("path").asText(), name);
            }
        }
        ConfigMap board = all("monitoring", ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("began-grafana-dashboard"))
                .findFirst()
                .orElseThrow();
        assertEquals("1", board.getMetadata().getLabels().get("grafana_dashboard"), "the Grafana sidecar's label");
        assertEquals("began", board.getMetadata().getNamespace());
        assertEquals(Map.of("began.json", dashboard), board.getData(), "the dashboard compose provisions, unchanged");
        assertEquals("began", YAML.readTree(dashboard).path("uid").asText());
    }

    private static List<JsonNode> serviceMonitors(String overlay) {
        return all(overlay, GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("ServiceMonitor"))
                .map(r -> (JsonNode) YAML.valueToTree(r))
                .toList();
    }

    /** The container port named http. */
    private static Integer httpPort(Container container) {
        return container.getPorts().stream()
                .filter(p -> "http".equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + ": no http port"))
                .getContainerPort();
    }

    /** Whether a label selector (matchLabels, matchExpressions with In) selects these labels. */
    private static boolean selects(io.fabric8.kubernetes.api.model.LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null
                && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (var expression : selector.getMatchExpressions()) {
                assertEquals("In", expression.getOperator(), "an operator the test does not evaluate");
                if (!expression.getValues().contains(labels.get(expression.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }
}
