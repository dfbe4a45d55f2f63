package io.workerpool.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads IP address literals from settings without ever resolving a host name through DNS. */
public final class IpAddresses {

  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private IpAddresses() {}

  /**
   * Parses an IPv4 or IPv6 literal. A host name is rejected before it reaches
   * {@link InetAddress#getByName}, which would look it up in DNS.
   *
   * @throws ConfigException naming {@code setting} and the value when it is not a literal
   */
  public static InetAddress parseLiteral(String text, String setting, String example) {
    Matcher ipv4 = IPV4.matcher(text);
    boolean literal = text.contains(":");
    if (ipv4.matches()) {
      literal = true;
      for (int group = 1; group <= 4; group++) {
        literal &= Integer.parseInt(ipv4.group(group)) <= 255;
      }
    }
    if (literal) {
      // Brackets make InetAddress parse an IPv6 literal or fail, never look the text up.
      String brackets = text.contains(":") && !text.startsWith("[") ? "[" + text + "]" : text;
      try {
        return InetAddress.getByName(brackets);
      } catch (UnknownHostException e) {
        // Falls through to the common error below.
      }
    }
    throw new ConfigException("invalid value '" + text + "' for " + setting + ": expected an IP "
        + "address of this machine, such as " + example + ", ::1, or 0.0.0.0 for every "
        + "interface; host names are not accepted");
  }
}
