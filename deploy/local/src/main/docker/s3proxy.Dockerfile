# S3Proxy 4.1.0 on the filesystem from the Maven Central jars: CI's stand-in for minio/minio, which no registry here
# serves. Data under /data (a bucket is a directory there).
ARG BASE_IMAGE=eclipse-temurin:17-jre-jammy
FROM ${BASE_IMAGE}
RUN useradd --system --uid 1000 --home-dir /data --shell /usr/sbin/nologin s3proxy \
 && mkdir -p /data && chown 1000 /data
COPY target/lib/ /opt/s3proxy/libs/
COPY src/main/docker/s3proxy-entrypoint.sh /opt/s3proxy/bin/
VOLUME /data
EXPOSE 9000
USER 1000
ENTRYPOINT ["/opt/s3proxy/bin/s3proxy-entrypoint.sh"]
