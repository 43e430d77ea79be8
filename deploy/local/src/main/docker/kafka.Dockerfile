# Kafka 4.1.1 (KRaft) from the Maven Central jars, configured like the official apache/kafka image (KAFKA_*
# variables, CLUSTER_ID, KAFKA_OPTS; kafka-topics.sh, kafka-configs.sh and kafka-acls.sh in /opt/kafka/bin): CI's
# stand-in for apache/kafka, since no registry is reachable there. Built by the compose test:
#   ./mvnw -B -pl deploy/local package -DskipTests
#   docker build -f deploy/local/src/main/docker/kafka.Dockerfile --build-arg BASE_IMAGE=... -t began/kafka:4.1.1-local deploy/local
ARG BASE_IMAGE=eclipse-temurin:17-jre-jammy
FROM ${BASE_IMAGE}
RUN useradd --system --uid 1000 --home-dir /opt/kafka --shell /usr/sbin/nologin appuser \
 && mkdir -p /opt/kafka/config /var/lib/kafka/data && chown 1000 /opt/kafka/config /var/lib/kafka/data
COPY target/lib/ /opt/kafka/libs/
COPY src/main/docker/kafka-entrypoint.sh src/main/docker/kafka-tools.sh /opt/kafka/bin/
RUN cd /opt/kafka/bin && for tool in kafka-topics.sh kafka-configs.sh kafka-acls.sh; do ln -s kafka-tools.sh "$tool"; done
ENV PATH=/opt/kafka/bin:$PATH
VOLUME /var/lib/kafka/data
EXPOSE 9092 9093
USER 1000
ENTRYPOINT ["/opt/kafka/bin/kafka-entrypoint.sh"]
