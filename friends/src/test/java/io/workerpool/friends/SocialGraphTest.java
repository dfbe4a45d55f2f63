package io.workerpool.friends;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SocialGraphTest {

  private final SocialGraph graph = SocialGraph.github();

  @Test
  void loadsEveryUser() {
    assertThat(graph.userCount()).isEqualTo(37_700);
  }

  @Test
  void userZeroHasOneFriend() {
    assertThat(graph.friendsOf(0)).containsExactly(23977);
    assertThat(graph.profile(23977)).contains(new Profile(23977, "airtoxin", 0));
  }

  @Test
  void edgesAreIndexedInBothDirections() {
    assertThat(graph.friendsOf(23977)).contains(0);
  }

  @Test
  void largestDegreeMatchesDataset() {
    assertThat(graph.friendsOf(31890)).hasSize(9_458);
  }

  @Test
  void unknownUserHasNoFriendsAndNoProfile() {
    assertThat(graph.friendsOf(37_700)).isEmpty();
    assertThat(graph.profile(-1)).isEmpty();
  }
}
