#!/usr/bin/env bash
# kafka-topics.sh, kafka-configs.sh and kafka-acls.sh as in apache/kafka's image (/opt/kafka/bin), over the jars of
# this image: one script under the three names, its name says which tool. C1 only: these runs last seconds; WARN
# and above, as the official tools log.
set -euo pipefail
case "$(basename "$0")" in
  kafka-topics.sh) main=org.apache.kafka.tools.TopicCommand ;;
  kafka-configs.sh) main=kafka.admin.ConfigCommand ;;
  kafka-acls.sh) main=org.apache.kafka.tools.AclCommand ;;
  *) echo "$0: not a tool of this image (kafka-topics.sh, kafka-configs.sh, kafka-acls.sh)" >&2; exit 2 ;;
esac
exec java -Xmx256m -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp '/opt/kafka/libs/*' "$main" "$@"
