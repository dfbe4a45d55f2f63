package io.workerpool.protocol;

/**
 * Task counts of a job.
 *
 * @param listed tasks the producer sent
 * @param completed tasks that succeeded
 * @param failed tasks that failed
 * @param skipped tasks dropped or aborted because the job was cancelled, including listed tasks
 *     that no worker reported on before the outcome was published
 */
public record JobStats(long listed, long completed, long failed, long skipped) {}
