#!/usr/bin/env bash
# S3Proxy on the filesystem, answering S3 on :9000 with MinIO's root credentials (MINIO_ROOT_USER/PASSWORD), so the
# compose stack's services and init job talk to it as to MinIO
set -euo pipefail
mkdir -p /data
cat > /tmp/s3proxy.properties <<PROPERTIES
s3proxy.endpoint=http://0.0.0.0:9000
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${MINIO_ROOT_USER:?}
s3proxy.credential=${MINIO_ROOT_PASSWORD:?}
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=/data
PROPERTIES
# S3Proxy sends System.err to its logger: slf4j-simple must write elsewhere or it loops
exec java -Xmx256m -Dorg.slf4j.simpleLogger.logFile=System.out -Dorg.slf4j.simpleLogger.showDateTime=true \
  -cp '/opt/s3proxy/libs/*' org.gaul.s3proxy.Main --properties /tmp/s3proxy.properties
