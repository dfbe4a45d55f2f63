/**
 * The messages that the producer, workers, reducer and clients exchange over Kafka, and the
 * names of the topics that carry them.
 *
 * <p>Every message is a JSON object with a {@code version} field. {@link MessageCodec} writes
 * version {@value MessageCodec#VERSION} and rejects any other version, so a role never acts on
 * a message it cannot fully read. Fields this build does not know are ignored, which lets a
 * newer sender add optional fields without breaking older readers. The record key of every
 * message is its job id, so all messages of one job share a partition on each topic.
 */
package io.workerpool.protocol;
