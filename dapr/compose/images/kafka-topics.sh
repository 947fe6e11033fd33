#!/bin/sh
# apache/kafka's /opt/kafka/bin/kafka-topics.sh, for the local Kafka stand-in (scripts/containers/local-infra.sh).
exec java -cp "/opt/kafka/libs/*" org.apache.kafka.tools.TopicCommand "$@"
