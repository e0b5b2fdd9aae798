package io.twinua.tools.subscribe;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as a user types them: {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}, or ISO {@code PT60S}. */
public final class DurationText implements ITypeConverter<Duration> {

  private static final Pattern TEXT = Pattern.compile("(\\d+)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = TEXT.matcher(text);
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    } else {
      try {
        d = Duration.parse(value.trim());
      } catch (RuntimeException e) {
        throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 60s, 5m, 1h)");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new TypeConversionException("'" + value + "' must be longer than zero");
    }
    return d;
  }
}
