package io.began.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.began.core.events.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code deploy/k8s} as a user applies it, without an API server (none runs on these machines): each overlay rendered
 * by the real {@code kubectl kustomize}, every object read strictly into the Kubernetes API model (fabric8) or
 * Strimzi's (an unknown field, such as a misspelt {@code protocl}, fails), and the policies checked on the output.
 */
class ManifestsTest {

    private static final Path K8S = Path.of("").toAbsolutePath();
    private static final Path REPOSITORY = K8S.resolve("../..").normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("Namespace", Namespace.class), Map.entry("ConfigMap", ConfigMap.class),
            Map.entry("Secret", Secret.class), Map.entry("Service", Service.class),
            Map.entry("Deployment", Deployment.class), Map.entry("StatefulSet", StatefulSet.class),
            Map.entry("Job", Job.class), Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("NetworkPolicy", NetworkPolicy.class), Map.entry("Kafka", Kafka.class),
            Map.entry("KafkaNodePool", KafkaNodePool.class), Map.entry("KafkaTopic", KafkaTopic.class));

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
        Path copy = Files.createTempDirectory("began-k8s");
        for (String dir : List.of("base", "overlays")) {
            copyTree(K8S.resolve(dir), copy.resolve(dir));
        }
        // the Secret's env file is git-ignored: a made-up one, as a user would write it
        Files.writeString(copy.resolve("base/secrets/s3.env"), "S3_ACCESS_KEY=k8s-test\nS3_SECRET_KEY=k8s-test-secret\n");
        for (String overlay : List.of("cpu", "gpu")) {
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
        Process process = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize " + overlay + " did not end");
        assertEquals(0, process.exitValue(), "kubectl kustomize " + overlay + ":\n" + output);
        return output;
    }

    /** Every document as its model class; a kind the test does not know or a field no model has fails. */
    private static List<HasMetadata> strict(String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
            String kind = doc.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            assertNotNull(type, "a kind the test does not check: " + kind);
            HasMetadata object = YAML.treeToValue(doc, type);
            List<String> unknown = new ArrayList<>();
            unknownFields(object, kind + "/" + object.getMetadata().getName(), unknown, new IdentityHashMap<>());
            assertEquals(List.of(), unknown, "fields no API model has");
            objects.add(object);
        }
        return objects;
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
        return RENDERED.get(overlay).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Deployment deployment(String overlay, String name) {
        return all(overlay, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment " + name + " in " + overlay));
    }

    /** Every pod template of the overlay: Deployments, the StatefulSet, the Job. */
    private static Map<String, PodSpec> pods(String overlay) {
        Map<String, PodSpec> pods = new LinkedHashMap<>();
        all(overlay, Deployment.class).forEach(d -> pods.put("Deployment/" + d.getMetadata().getName(),
                d.getSpec().getTemplate().getSpec()));
        all(overlay, StatefulSet.class).forEach(s -> pods.put("StatefulSet/" + s.getMetadata().getName(),
                s.getSpec().getTemplate().getSpec()));
        all(overlay, Job.class).forEach(j -> pods.put("Job/" + j.getMetadata().getName(),
                j.getSpec().getTemplate().getSpec()));
        return pods;
    }

    @Test
    void everyOverlayRendersTheWholeStackInItsNamespace() {
        for (String overlay : RENDERED.keySet()) {
            List<HasMetadata> objects = RENDERED.get(overlay);
            for (String name : List.of("trainer", "sampler", "evaluator")) {
                deployment(overlay, name);
                assertTrue(all(overlay, Service.class).stream().anyMatch(s -> s.getMetadata().getName().equals(name)));
                assertTrue(all(overlay, PodDisruptionBudget.class).stream()
                        .anyMatch(p -> p.getMetadata().getName().equals(name)), "a PDB for " + name);
            }
            assertEquals(1, all(overlay, Kafka.class).size());
            assertEquals(1, all(overlay, StatefulSet.class).size(), "MinIO");
            objects.stream().filter(o -> !(o instanceof Namespace)).forEach(o ->
                    assertEquals("began", o.getMetadata().getNamespace(), o.getKind() + " " + o.getMetadata().getName()));
        }
    }

    @Test
    void everyContainerHasProbesResourcesALockedDownContextAndAPinnedImage() {
        for (String overlay : RENDERED.keySet()) {
            pods(overlay).forEach((owner, pod) -> {
                for (Container c : pod.getContainers()) {
                    String where = overlay + " " + owner + " " + c.getName();
                    String image = c.getImage();
                    assertTrue(image.matches("[^:@]+(:[^:@/]+|@sha256:[0-9a-f]{64})") && !image.endsWith(":latest"),
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
                Container c = deployment(overlay, name).getSpec().getTemplate().getSpec().getContainers().get(0);
                assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
                assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
                assertEquals("/q/health/started", c.getStartupProbe().getHttpGet().getPath());
            }
            // long enough for a checkpoint: the trainer writes one on SIGTERM before it hands the run over
            long grace = deployment(overlay, "trainer").getSpec().getTemplate().getSpec()
                    .getTerminationGracePeriodSeconds();
            assertTrue(grace >= 60, overlay + " trainer grace " + grace);
        }
    }

    @Test
    void onlyTheGpuOverlaysTrainersAskForAndLandOnGpus() {
        for (String overlay : RENDERED.keySet()) {
            pods(overlay).forEach((owner, pod) -> {
                boolean gpuTrainer = overlay.equals("gpu") && owner.equals("Deployment/trainer");
                Container c = pod.getContainers().get(0);
                var gpus = c.getResources().getLimits().get("nvidia.com/gpu");
                assertEquals(gpuTrainer, gpus != null, overlay + " " + owner + " GPU limit");
                assertEquals(gpuTrainer, pod.getNodeSelector() != null
                        && "true".equals(pod.getNodeSelector().get("nvidia.com/gpu.present")), overlay + " " + owner);
                assertEquals(gpuTrainer, pod.getTolerations() != null && pod.getTolerations().stream()
                        .anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()) && "NoSchedule".equals(t.getEffect())),
                        overlay + " " + owner + " toleration");
                if (gpuTrainer) {
                    assertEquals("1", gpus.getAmount());
                    assertTrue(c.getImage().startsWith("began/trainer-gpu:"), c.getImage());
                }
            });
        }
        int replicas = deployment("gpu", "trainer").getSpec().getReplicas();
        int partitions = all("gpu", KafkaTopic.class).stream()
                .filter(t -> t.getSpec().getTopicName().equals(Topics.RUNS)).findFirst().orElseThrow()
                .getSpec().getPartitions();
        assertTrue(replicas >= 1 && replicas <= partitions, "trainers share began.runs: " + replicas + " of "
                + partitions + " partitions");
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
                }).reduce("", String::concat);
        for (String overlay : RENDERED.keySet()) {
            for (ConfigMap config : all(overlay, ConfigMap.class)) {
                for (String key : config.getData().keySet()) {
                    // Quarkus maps BEGAN_EVALUATOR_SAMPLES to began.evaluator.samples; others are ${NAME} references
                    String property = key.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                    boolean read = properties.contains("${" + key) || properties.lines()
                            .anyMatch(l -> l.replaceFirst("^%\\w+\\.", "").replace('-', '.').startsWith(property + "="));
                    assertTrue(read, overlay + ": " + key + " is read by no service");
                }
            }
            List<Secret> secrets = all(overlay, Secret.class);
            assertFalse(secrets.isEmpty());
            Set<String> referenced = new TreeSet<>();
            pods(overlay).values().forEach(pod -> {
                for (Container c : pod.getContainers()) {
                    c.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                            .forEach(e -> referenced.add(e.getValueFrom().getSecretKeyRef().getName()));
                    c.getEnvFrom().stream().filter(e -> e.getSecretRef() != null)
                            .forEach(e -> referenced.add(e.getSecretRef().getName()));
                }
                pod.getVolumes().stream().filter(v -> v.getSecret() != null)
                        .forEach(v -> referenced.add(v.getSecret().getSecretName()));
            });
            Set<String> defined = new TreeSet<>();
            secrets.forEach(secret -> defined.add(secret.getMetadata().getName()));
            assertEquals(defined, referenced, overlay + ": every Secret is used, and only Secrets that exist");
        }
        // in git: only the example env files, without values; the real ones are ignored
        Path secrets = K8S.resolve("base/secrets");
        try (Stream<Path> files = Files.list(secrets)) {
            for (Path example : files.filter(f -> f.toString().endsWith(".env.example")).toList()) {
                for (String line : Files.readAllLines(example)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        assertTrue(line.endsWith("="), example + " commits a value: " + line);
                    }
                }
            }
        }
        Process ignored = new ProcessBuilder("git", "check-ignore", "-q", secrets.resolve("s3.env").toString())
                .directory(REPOSITORY.toFile()).start();
        try {
            assertEquals(0, ignored.waitFor(), "base/secrets/s3.env must be git-ignored");
        } catch (InterruptedException e) {
            fail(e);
        }
    }
}
