package io.dataworkspace.launcher.access;

import java.util.List;

/**
 * One page of a keyset-paginated list.
 *
 * @param next the cursor for the following page, or null when this is the last page
 */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }

    /**
     * Builds a page from up to {@code limit + 1} rows: the extra row only says that more follow.
     *
     * @param cursorOf the cursor that resumes after a given row
     */
    public static <T> Page<T> of(List<T> rows, int limit, java.util.function.Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, cursorOf.apply(items.get(limit - 1)));
    }
}
