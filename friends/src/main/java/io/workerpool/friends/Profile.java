package io.workerpool.friends;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A GitHub user's profile as the dataset records it.
 *
 * @param id the user id
 * @param name the GitHub login
 * @param mlTarget 1 for a machine-learning developer, 0 for a web developer
 */
public record Profile(int id, String name, @JsonProperty("ml_target") int mlTarget) {}
