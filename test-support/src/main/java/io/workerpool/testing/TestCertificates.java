package io.workerpool.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed TLS certificate for 127.0.0.1, made with the JDK's {@code keytool} for tests:
 * a PKCS12 key store for the broker and a PKCS12 trust store with the certificate for clients.
 * The certificate names IP 127.0.0.1 and localhost as subject alternative names, so clients keep
 * host name verification on, and is valid for 2 days.
 *
 * @param keyStore the key store with the private key and certificate
 * @param trustStore the trust store with the certificate alone
 * @param password the password of both stores and of the key
 */
public record TestCertificates(Path keyStore, Path trustStore, String password) {

  private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

  /** Creates the stores in {@code directory}, naming their files after {@code name}. */
  public static TestCertificates create(Path directory, String name)
      throws IOException, InterruptedException {
    String password = "test-" + Long.toHexString(System.nanoTime());
    Path keyStore = directory.resolve(name + "-keystore.p12");
    Path certificate = directory.resolve(name + ".pem");
    Path trustStore = directory.resolve(name + "-truststore.p12");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2",
        "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password,
        "-keypass", password);
    keytool("-exportcert", "-alias", name, "-rfc", "-file", certificate.toString(),
        "-keystore", keyStore.toString(), "-storepass", password);
    keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate.toString(),
        "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
    return new TestCertificates(keyStore, trustStore, password);
  }

  private static void keytool(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(KEYTOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("keytool " + arguments[0] + " did not finish within "
          + KEYTOOL_TIMEOUT.toSeconds() + " s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("keytool " + arguments[0] + " failed with status "
          + process.exitValue() + ": " + output.strip());
    }
  }
}
