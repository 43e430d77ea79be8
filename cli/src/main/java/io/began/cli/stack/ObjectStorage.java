package io.began.cli.stack;

import io.minio.MinioClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The S3 server of the stack: a {@code minio} binary when one is on PATH (what compose and Kubernetes run), else
 * S3Proxy on the local filesystem from the jars Maven resolved. Either keeps its objects under .began/data.
 */
public final class ObjectStorage implements StackComponent {

    private final StackHome home;
    private final LocalEnv env;
    private final ServerProcess process;
    private final Path minio;

    public ObjectStorage(StackHome home, LocalEnv env) {
        this.home = home;
        this.env = env;
        this.process = new ServerProcess("s3", home);
        this.minio = onPath("minio");
    }

    private static Path onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return Path.of(dir, binary);
            }
        }
        return null;
    }

    @Override
    public String name() {
        return "s3";
    }

    /** Which server it is: minio or s3proxy. */
    public String kind() {
        return minio != null ? "minio" : "s3proxy";
    }

    @Override
    public String address() {
        return env.get(LocalEnv.S3_ENDPOINT);
    }

    @Override
    public int port() {
        return env.port(LocalEnv.S3_ENDPOINT);
    }

    @Override
    public ServerProcess process() {
        return process;
    }

    @Override
    public void start() {
        URI endpoint = URI.create(address());
        if (minio != null) {
            Path data = home.data("minio");
            process.start(
                    List.of(
                            minio.toString(),
                            "server",
                            data.toString(),
                            "--address",
                            endpoint.getHost() + ":" + endpoint.getPort(),
                            "--console-address",
                            endpoint.getHost() + ":" + (endpoint.getPort() + 1)),
                    Map.of(
                            "MINIO_ROOT_USER",
                            env.get(LocalEnv.S3_ACCESS_KEY),
                            "MINIO_ROOT_PASSWORD",
                            env.get(LocalEnv.S3_SECRET_KEY)),
                    data);
            return;
        }
        home.requireBuilt(home.serverLib());
        Path data = home.data("s3proxy");
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", "http://" + endpoint.getHost() + ":" + endpoint.getPort());
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", env.get(LocalEnv.S3_ACCESS_KEY));
        p.setProperty("s3proxy.credential", env.get(LocalEnv.S3_SECRET_KEY));
        p.setProperty("jclouds.provider", "filesystem-nio2");
        p.setProperty("jclouds.filesystem.basedir", data.toString());
        Path config = home.config("s3proxy.properties");
        try {
            Files.createDirectories(config.getParent());
            Files.createDirectories(data);
            // it holds the secret key
            Files.deleteIfExists(config);
            Files.createFile(
                    config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (var out = Files.newBufferedWriter(config)) {
                p.store(out, "S3Proxy of the began local stack; rewritten by ./began up");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(
                Java.binary(),
                "-Xmx256m",
                "-cp",
                home.serverLib() + "/*",
                // S3Proxy sends System.err to its logger: slf4j-simple must write elsewhere or it loops
                "-Dorg.slf4j.simpleLogger.logFile=System.out",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "org.gaul.s3proxy.Main",
                "--properties",
                config.toString()));
        process.start(command, Map.of(), data);
    }

    @Override
    public boolean ready() {
        try {
            client(env).listBuckets();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public static MinioClient client(LocalEnv env) {
        return MinioClient.builder()
                .endpoint(env.get(LocalEnv.S3_ENDPOINT))
                .credentials(env.get(LocalEnv.S3_ACCESS_KEY), env.get(LocalEnv.S3_SECRET_KEY))
                .region("us-east-1")
                .build();
    }
}
