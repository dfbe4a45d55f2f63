package io.workerpool.friends;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The GitHub social network: every user's profile and friend ids, loaded once from the dataset
 * that ships in this jar. Immutable and thread-safe.
 */
public final class SocialGraph {

  private static final String DATASET = "/io/workerpool/friends/github-social/";

  private final String[] names;
  private final int[] mlTargets;
  private final int[][] friends;

  private SocialGraph(String[] names, int[] mlTargets, int[][] friends) {
    this.names = names;
    this.mlTargets = mlTargets;
    this.friends = friends;
  }

  /** Returns the bundled dataset, loading it on first use. */
  public static SocialGraph github() {
    return Bundled.GRAPH;
  }

  /** Returns the number of users; ids run from 0 to {@code userCount() - 1}. */
  public int userCount() {
    return names.length;
  }

  public boolean contains(int userId) {
    return userId >= 0 && userId < names.length;
  }

  /** Returns the user's friend ids in ascending order; empty for an unknown user. */
  public int[] friendsOf(int userId) {
    return contains(userId) ? friends[userId].clone() : new int[0];
  }

  public Optional<Profile> profile(int userId) {
    if (!contains(userId)) {
      return Optional.empty();
    }
    return Optional.of(new Profile(userId, names[userId], mlTargets[userId]));
  }

  private static final class Bundled {
    static final SocialGraph GRAPH = load();
  }

  private static SocialGraph load() {
    List<String[]> users = readCsv("musae_git_target.csv");
    String[] names = new String[users.size()];
    int[] mlTargets = new int[users.size()];
    for (String[] row : users) {
      int id = Integer.parseInt(row[0]);
      names[id] = row[1];
      mlTargets[id] = Integer.parseInt(row[2]);
    }
    return new SocialGraph(names, mlTargets, adjacency(readCsv("musae_git_edges.csv"), names.length));
  }

  /** Builds sorted adjacency lists; each edge is listed once, so it is added in both directions. */
  private static int[][] adjacency(List<String[]> edges, int userCount) {
    int[] degree = new int[userCount];
    int[][] ends = new int[edges.size()][];
    for (int i = 0; i < ends.length; i++) {
      String[] row = edges.get(i);
      ends[i] = new int[] {Integer.parseInt(row[0]), Integer.parseInt(row[1])};
      degree[ends[i][0]]++;
      degree[ends[i][1]]++;
    }
    int[][] friends = new int[userCount][];
    for (int user = 0; user < userCount; user++) {
      friends[user] = new int[degree[user]];
    }
    int[] filled = new int[userCount];
    for (int[] edge : ends) {
      friends[edge[0]][filled[edge[0]]++] = edge[1];
      friends[edge[1]][filled[edge[1]]++] = edge[0];
    }
    for (int[] list : friends) {
      Arrays.sort(list);
    }
    return friends;
  }

  private static List<String[]> readCsv(String file) {
    InputStream in = SocialGraph.class.getResourceAsStream(DATASET + file);
    if (in == null) {
      throw new IllegalStateException("dataset file " + DATASET + file + " is missing from the "
          + "class path: rebuild the friends module");
    }
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          rows.add(line.split(","));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset file " + file, e);
    }
    return rows;
  }
}
