package io.workerpool.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A message on the results topic: what happened to one task, how the producer's listing of a
 * job ended, or a worker's report of a redelivered task it runs alone. The {@code kind} field
 * distinguishes them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TaskResult.class, name = "task-result"),
  @JsonSubTypes.Type(value = ListingFinished.class, name = "listing-finished"),
  @JsonSubTypes.Type(value = IsolatedRun.class, name = "isolated-run")
})
public sealed interface JobEvent permits TaskResult, ListingFinished, IsolatedRun {

  int version();

  String jobId();
}
