package org.dlmwatch.desk.view;

import java.util.List;

/** One page of a query's results, and how many matched in all. */
public record ResultPage<T>(List<T> items, int page, int size, int total) {

    public int pages() {
        return total == 0 ? 1 : (total + size - 1) / size;
    }
}
