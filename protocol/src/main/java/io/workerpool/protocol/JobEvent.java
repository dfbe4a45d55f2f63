package io.workerpool.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A message on the results topic: what happened to one task, or how the producer's listing of a
 * job ended. The {@code kind} field distinguishes them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TaskResult.class, name = "task-result"),
  @JsonSubTypes.Type(value = ListingFinished.class, name = "listing-finished")
})
public sealed interface JobEvent permits TaskResult, ListingFinished {

  int version();

  String jobId();
}
