#!/usr/bin/env bash
# kafka-topics.sh as in apache/kafka's image (/opt/kafka/bin), over the jars of this image
exec java -Xmx256m -cp '/opt/kafka/libs/*' org.apache.kafka.tools.TopicCommand "$@"
