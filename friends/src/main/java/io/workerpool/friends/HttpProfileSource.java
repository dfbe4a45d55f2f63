package io.workerpool.friends;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Durations;
import io.workerpool.core.config.Settings;
import io.workerpool.protocol.MessageCodec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Fetches profiles over HTTP with {@code GET}, from a URL template such as
 * {@code http://127.0.0.1:8080/users/{id}}, to which the profile service responds with a
 * profile's JSON. One instance has one {@link HttpClient} (HTTP/1.1), so every fetch of a worker
 * shares its connection pool. An interrupt of the calling thread aborts the request in flight.
 */
public final class HttpProfileSource implements ProfileSource {

  /** Environment variable with the URL template. When unset, profiles come from the dataset. */
  public static final String URL = "PROFILE_SOURCE_URL";

  /** Environment variable with the time allowed to open a connection. */
  public static final String CONNECT_TIMEOUT = "PROFILE_SOURCE_CONNECT_TIMEOUT";

  /** Environment variable with the time allowed for one request, from sending to the response. */
  public static final String REQUEST_TIMEOUT = "PROFILE_SOURCE_REQUEST_TIMEOUT";

  /** Default of {@value #CONNECT_TIMEOUT}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Default of {@value #REQUEST_TIMEOUT}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** The placeholder in the URL template that each fetch replaces with the user id. */
  public static final String ID_PLACEHOLDER = "{id}";

  private static final String EXAMPLE_URL = "http://127.0.0.1:8080/users/{id}";
  private static final int MAX_BODY_CHARS_IN_MESSAGE = 200;

  private final String urlTemplate;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final HttpClient client;

  /**
   * Creates a source and its HTTP client.
   *
   * @param urlTemplate an http or https URL that contains {@value #ID_PLACEHOLDER}
   * @param connectTimeout the positive time allowed to open a connection
   * @param requestTimeout the positive time allowed for one request
   * @throws ConfigException naming the setting and the value when one of them is invalid
   */
  public HttpProfileSource(String urlTemplate, Duration connectTimeout, Duration requestTimeout) {
    this.urlTemplate = validTemplate(urlTemplate);
    this.connectTimeout = positive(CONNECT_TIMEOUT, connectTimeout);
    this.requestTimeout = positive(REQUEST_TIMEOUT, requestTimeout);
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(this.connectTimeout)
        .build();
  }

  /**
   * Reads {@value #URL}, {@value #CONNECT_TIMEOUT} and {@value #REQUEST_TIMEOUT}.
   *
   * @return the source, or empty when {@value #URL} is unset
   * @throws ConfigException naming the setting and the value when one of them is invalid
   */
  public static Optional<HttpProfileSource> fromSettings(Settings settings) {
    Optional<String> template = settings.optional(URL);
    if (template.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new HttpProfileSource(template.get(),
        settings.duration(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT),
        settings.duration(REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT)));
  }

  /** Returns the URL template, with its {@value #ID_PLACEHOLDER} placeholder. */
  public String urlTemplate() {
    return urlTemplate;
  }

  /**
   * Fetches the user's profile with {@code GET} on the template's URL for the user.
   *
   * @throws ProfileFetchException when the response is not a 2xx with the user's profile, or
   *     when the request times out or cannot connect. The message names the user and the URL.
   * @throws InterruptedException when the calling thread is interrupted. The request is then
   *     aborted and its connection closed.
   */
  @Override
  public Profile fetch(int userId) throws ProfileFetchException, InterruptedException {
    URI uri = uriFor(userId);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(requestTimeout)
        .header("Accept", "application/json")
        .GET()
        .build();
    // sendAsync and an interruptible get(), because a worker cancels a task by interrupting it.
    CompletableFuture<HttpResponse<byte[]>> response =
        client.sendAsync(request, BodyHandlers.ofByteArray());
    try {
      return profileFrom(userId, uri, response.get());
    } catch (InterruptedException e) {
      // Cancelling the future of sendAsync aborts the exchange and closes its connection, as
      // HttpProfileSourceTest.interruptClosesConnection checks on JDK 17.
      response.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw failure(userId, uri, e.getCause());
    }
  }

  @Override
  public String toString() {
    return "HTTP profile source GET " + urlTemplate;
  }

  private URI uriFor(int userId) throws ProfileFetchException {
    String url = urlTemplate.replace(ID_PLACEHOLDER, Integer.toString(userId));
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new ProfileFetchException("invalid profile URL " + url + " for user " + userId
          + ": " + e.getMessage() + "; fix " + URL, e);
    }
  }

  private static Profile profileFrom(int userId, URI uri, HttpResponse<byte[]> response)
      throws ProfileFetchException {
    int status = response.statusCode();
    if (status == 404) {
      throw new ProfileFetchException("profile of user " + userId + " not found (HTTP 404 from "
          + uri + ")");
    }
    if (status < 200 || status > 299) {
      // A server error or 429 may pass; any other client error will not.
      boolean retriable = status >= 500 || status == 429;
      throw new ProfileFetchException("profile fetch of user " + userId + " failed with HTTP "
          + status + " from " + uri + bodyExcerpt(response.body()), null, retriable);
    }
    Profile profile;
    try {
      profile = MessageCodec.mapper().readValue(response.body(), Profile.class);
    } catch (JsonProcessingException e) {
      throw new ProfileFetchException("invalid profile JSON for user " + userId + " from " + uri
          + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ProfileFetchException("cannot read the profile of user " + userId + " from "
          + uri + ": " + e.getMessage(), e);
    }
    if (profile == null || profile.id() != userId) {
      throw new ProfileFetchException("profile from " + uri + " is " + profile
          + ", expected the profile of user " + userId + "; check " + URL);
    }
    return profile;
  }

  private ProfileFetchException failure(int userId, URI uri, Throwable cause) {
    String request = "profile fetch of user " + userId + " from " + uri;
    if (cause instanceof HttpConnectTimeoutException) {
      return new ProfileFetchException(request + " failed: connecting timed out after "
          + Durations.format(connectTimeout) + "; check that the profile service is running, or "
          + "raise " + CONNECT_TIMEOUT, cause, true);
    }
    if (cause instanceof HttpTimeoutException) {
      return new ProfileFetchException(request + " timed out after "
          + Durations.format(requestTimeout) + "; check the profile service, or raise "
          + REQUEST_TIMEOUT, cause, true);
    }
    if (cause instanceof ConnectException) {
      return new ProfileFetchException(request + " failed: cannot connect (" + describe(cause)
          + "); check that the profile service is running at " + URL, cause, true);
    }
    // Other I/O errors, such as a connection closed mid-response, may pass on a new connection.
    return new ProfileFetchException(request + " failed: " + describe(cause), cause, true);
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    String type = cause.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }

  private static String bodyExcerpt(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.length() > MAX_BODY_CHARS_IN_MESSAGE) {
      text = text.substring(0, MAX_BODY_CHARS_IN_MESSAGE) + "...";
    }
    return ": " + text;
  }

  private static String validTemplate(String template) {
    if (template == null || !template.contains(ID_PLACEHOLDER)) {
      throw invalidUrl(template, "it contains no " + ID_PLACEHOLDER + " placeholder for the user "
          + "id");
    }
    URI sample;
    try {
      sample = new URI(template.replace(ID_PLACEHOLDER, "0"));
    } catch (URISyntaxException e) {
      throw invalidUrl(template, "it is not a valid URL (" + e.getMessage() + ")");
    }
    String scheme = sample.getScheme();
    if (scheme == null) {
      throw invalidUrl(template, "it has no scheme");
    }
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    if (!lowerScheme.equals("http") && !lowerScheme.equals("https")) {
      throw invalidUrl(template, "its scheme is '" + scheme + "', not http or https");
    }
    if (sample.getHost() == null) {
      throw invalidUrl(template, "it names no valid host");
    }
    try {
      HttpRequest.newBuilder(sample);
    } catch (IllegalArgumentException e) {
      throw invalidUrl(template, e.getMessage());
    }
    return template;
  }

  private static ConfigException invalidUrl(String template, String reason) {
    return new ConfigException("invalid value '" + template + "' for " + URL + ": " + reason
        + "; expected an http or https URL template with " + ID_PLACEHOLDER
        + ", for example " + EXAMPLE_URL);
  }

  private static Duration positive(String name, Duration timeout) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new ConfigException("invalid value '"
          + (timeout == null ? "null" : Durations.format(timeout)) + "' for " + name
          + ": expected a positive duration such as 2s or 500ms");
    }
    return timeout;
  }
}
