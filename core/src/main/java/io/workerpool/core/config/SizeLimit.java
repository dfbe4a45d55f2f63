package io.workerpool.core.config;

/**
 * A maximum size in bytes of one message, read from a setting.
 *
 * @param setting the setting that sets the limit, named in every error
 * @param maxBytes the largest size allowed
 */
public record SizeLimit(String setting, int maxBytes) {

  /** Reads the limit from {@code setting}, a positive whole number of bytes. */
  public static SizeLimit from(Settings settings, String setting, int defaultBytes) {
    return new SizeLimit(setting, settings.positiveInt(setting, defaultBytes));
  }

  public boolean allows(int size) {
    return size <= maxBytes;
  }

  /**
   * Returns the error for {@code subject} of {@code size} bytes, such as "the outcome of job j is
   * 2000000 bytes, more than the limit of 1000000 bytes set by REDUCER_MAX_OUTCOME_BYTES".
   */
  public String describeExcess(String subject, int size) {
    return subject + " is " + size + " bytes, more than the limit of " + maxBytes
        + " bytes set by " + setting;
  }
}
