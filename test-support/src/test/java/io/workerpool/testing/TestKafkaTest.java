package io.workerpool.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestKafkaTest {

  @Test
  void concurrentCallsShareOneBroker() throws Exception {
    int callers = 4;
    ExecutorService executor = Executors.newFixedThreadPool(callers);
    List<Future<String>> addresses = new ArrayList<>();
    try {
      for (int i = 0; i < callers; i++) {
        Callable<String> call = TestKafka::bootstrapServers;
        addresses.add(executor.submit(call));
      }
      Set<String> distinct = new HashSet<>();
      for (Future<String> address : addresses) {
        distinct.add(address.get(60, TimeUnit.SECONDS));
      }

      assertThat(distinct).hasSize(1);
      assertThat(TestKafka.bootstrapServers()).isEqualTo(distinct.iterator().next());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void brokerCreatesTopic() throws Exception {
    String topic = "test-kafka-topic";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
    }
  }

  @Test
  void blankVariableMeansEmbeddedBroker() {
    assertThat(TestKafka.externalBootstrapServers(null)).isNull();
    assertThat(TestKafka.externalBootstrapServers("")).isNull();
    assertThat(TestKafka.externalBootstrapServers(" \t")).isNull();
  }

  @Test
  void variableValueIsStripped() {
    assertThat(TestKafka.externalBootstrapServers(" 127.0.0.1:9092 ")).isEqualTo("127.0.0.1:9092");
  }
}
