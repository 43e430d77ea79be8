package io.began.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The one style of every duration the CLI takes: kubectl's and Go's, {@code 90s}, {@code 10m}, {@code 1h30m}. The
 * older spellings still parse, so scripts keep working: ISO-8601 ({@code PT10M}) and a bare number of seconds.
 */
public final class Durations implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern STYLE = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String v = value.strip();
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        if (v.toUpperCase(Locale.ROOT).startsWith("PT")) {
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw bad(value);
            }
        }
        Matcher m = STYLE.matcher(v);
        if (v.isEmpty() || !m.matches()) {
            throw bad(value);
        }
        return Duration.ofHours(number(m.group(1)))
                .plusMinutes(number(m.group(2)))
                .plusSeconds(number(m.group(3)));
    }

    /** As the help and the messages write a duration: 10m, 1h30m, 45s. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        StringBuilder text = new StringBuilder();
        if (s >= 3600) {
            text.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            text.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || text.isEmpty()) {
            text.append(s % 60).append('s');
        }
        return text.toString();
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    private static CommandLine.TypeConversionException bad(String value) {
        return new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration: write it as 90s, 10m or " + "1h30m");
    }
}
