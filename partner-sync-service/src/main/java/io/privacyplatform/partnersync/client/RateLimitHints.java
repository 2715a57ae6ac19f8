package io.privacyplatform.partnersync.client;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the waits partners ask for in their headers. Anything unreadable is ignored (empty). */
public final class RateLimitHints {

    /** Go-style durations as OpenAI sends them: {@code 6m0s}, {@code 1s}, {@code 250ms}, {@code 1h2m3.5s}. */
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");

    private RateLimitHints() {
    }

    /** {@code Retry-After}: delay in seconds or an HTTP date (RFC 9110). */
    public static Optional<Duration> retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
            } catch (NumberFormatException tooLarge) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A Go duration string (OpenAI {@code x-ratelimit-reset-requests}); also accepts plain seconds. */
    public static Optional<Duration> goDuration(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.trim();
        if (text.matches("\\d+(\\.\\d+)?")) {
            return Optional.of(nanos(new BigDecimal(text), 1_000_000_000L));
        }
        Matcher m = GO_DURATION.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            end = m.end();
            BigDecimal amount = new BigDecimal(m.group(1));
            long unitNanos = switch (m.group(2)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                case "ms" -> 1_000_000L;
                case "us", "µs" -> 1_000L;
                default -> 1L;
            };
            total = total.plus(nanos(amount, unitNanos));
        }
        return end == text.length() && end > 0 ? Optional.of(total) : Optional.empty();
    }

    /** Milliseconds as a number (HubSpot {@code X-HubSpot-RateLimit-Interval-Milliseconds}, OpenAI {@code retry-after-ms}). */
    public static Optional<Duration> millis(String value) {
        if (value == null || !value.trim().matches("\\d{1,12}(\\.\\d+)?")) {
            return Optional.empty();
        }
        return Optional.of(nanos(new BigDecimal(value.trim()), 1_000_000L));
    }

    private static Duration nanos(BigDecimal amount, long unitNanos) {
        return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(unitNanos)).longValue());
    }

    /** The longest of the present hints. */
    @SafeVarargs
    public static Optional<Duration> longest(Optional<Duration>... hints) {
        Duration longest = null;
        for (Optional<Duration> hint : hints) {
            if (hint.isPresent() && (longest == null || hint.get().compareTo(longest) > 0)) {
                longest = hint.get();
            }
        }
        return Optional.ofNullable(longest);
    }
}
