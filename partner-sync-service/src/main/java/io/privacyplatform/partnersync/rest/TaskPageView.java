package io.privacyplatform.partnersync.rest;

import java.util.List;

/** One page of tasks: {@code page} is 0-based, {@code total} counts every match. */
public record TaskPageView(List<TaskView> items, int page, int size, long total) {
}
