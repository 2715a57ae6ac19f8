package io.privacyplatform.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of a module's README that a test generates (a table measured from the running service): it sits between
 * {@code <!-- name:start -->} and {@code <!-- name:end -->}, and {@link #assertUpToDate} fails when it differs from
 * what was measured, printing the new text (also written to {@code target/<name>.md}) for the developer to paste.
 */
public final class ReadmeSection {

    private ReadmeSection() {
    }

    /** The README of the module whose tests run (Surefire's working directory is the module). */
    public static Path moduleReadme() {
        return Path.of("README.md");
    }

    public static void assertUpToDate(Path readme, String name, String measured) {
        String start = "<!-- " + name + ":start -->";
        String end = "<!-- " + name + ":end -->";
        String text;
        try {
            text = Files.readString(readme);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", name + ".md"), measured);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        String current = from < 0 || to < from ? null : text.substring(from + start.length(), to).strip();
        if (!measured.strip().equals(current)) {
            System.out.println("[" + name + "] the README differs from what the service enforces; paste between "
                    + start + " and " + end + " of " + readme.toAbsolutePath() + ":\n" + start + "\n" + measured.strip() + "\n" + end);
            throw new AssertionError(current == null
                    ? readme + " has no section " + start + " ... " + end + " (the measured one is printed above)"
                    : readme + ": the section " + name + " differs from what the service enforces (the new one is printed above"
                    + " and in target/" + name + ".md)");
        }
    }
}
