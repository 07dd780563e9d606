package org.dlmwatch.desk.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A linear time scale with month ticks, shared by the CEA chart and the lesion timeline. */
final class TimeAxis {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.UK);

    final Instant from;
    final Instant to;
    final double x0;
    final double x1;

    TimeAxis(Instant min, Instant max, double x0, double x1) {
        long span = Math.max(max.toEpochMilli() - min.toEpochMilli(), 60L * 86_400_000L);
        long pad = span / 25;
        long mid = (min.toEpochMilli() + max.toEpochMilli()) / 2;
        long lo = Math.min(min.toEpochMilli(), mid - span / 2) - pad;
        long hi = Math.max(max.toEpochMilli(), mid + span / 2) + pad;
        this.from = Instant.ofEpochMilli(lo);
        this.to = Instant.ofEpochMilli(hi);
        this.x0 = x0;
        this.x1 = x1;
    }

    double x(Instant t) {
        double f = (double) (t.toEpochMilli() - from.toEpochMilli()) / (to.toEpochMilli() - from.toEpochMilli());
        return x0 + f * (x1 - x0);
    }

    record Tick(double x, String label) {}

    /** First-of-month ticks, every 1, 2, 3, 6 or 12 months so that there are at most 8. */
    List<Tick> ticks() {
        LocalDate start = LocalDate.ofInstant(from, ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
        LocalDate end = LocalDate.ofInstant(to, ZoneOffset.UTC);
        long months = Math.max(1, java.time.temporal.ChronoUnit.MONTHS.between(start, end) + 1);
        int step = 12;
        for (int s : new int[] {1, 2, 3, 6, 12}) {
            if (months / s <= 7) {
                step = s;
                break;
            }
        }
        if (step == 12 && months / 12 > 7) {
            step = (int) (12 * Math.ceil(months / 12.0 / 7));
        }
        LocalDate d = start;
        if (step >= 3) {
            while ((d.getMonthValue() - 1) % Math.min(step, 12) != 0) {
                d = d.plusMonths(1);
            }
        }
        List<Tick> ticks = new ArrayList<>();
        for (; !d.isAfter(end); d = d.plusMonths(step)) {
            Instant t = d.atStartOfDay(ZoneOffset.UTC).toInstant();
            ticks.add(new Tick(x(t), MONTH.format(d)));
        }
        return ticks;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
