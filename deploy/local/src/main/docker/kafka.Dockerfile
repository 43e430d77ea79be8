# Kafka 4.1.1 (KRaft) from the Maven Central jars, configured like the official apache/kafka image (KAFKA_*
# variables, CLUSTER_ID, /opt/kafka/bin/kafka-topics.sh): CI's stand-in for apache/kafka, since no registry is
# reachable there. Built by the compose test:
#   ./mvnw -B -pl deploy/local package -DskipTests
#   docker build -f deploy/local/src/main/docker/kafka.Dockerfile --build-arg BASE_IMAGE=... -t began/kafka:4.1.1-local deploy/local
ARG BASE_IMAGE=eclipse-temurin:17-jre-jammy
FROM ${BASE_IMAGE}
RUN useradd --system --uid 1000 --home-dir /opt/kafka --shell /usr/sbin/nologin appuser \
 && mkdir -p /opt/kafka/config /var/lib/kafka/data && chown 1000 /opt/kafka/config /var/lib/kafka/data
COPY target/lib/ /opt/kafka/libs/
COPY src/main/docker/kafka-entrypoint.sh src/main/docker/kafka-topics.sh /opt/kafka/bin/
ENV PATH=/opt/kafka/bin:$PATH
VOLUME /var/lib/kafka/data
EXPOSE 9092 9093
USER 1000
ENTRYPOINT ["/opt/kafka/bin/kafka-entrypoint.sh"]
