package org.dlmwatch.desk.web;

import static org.dlmwatch.desk.web.TimeAxis.fmt;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.dlmwatch.desk.patient.PatientSummary.AssayChange;
import org.dlmwatch.desk.patient.PatientSummary.CeaSeriesView;
import org.dlmwatch.desk.patient.PatientSummary.CeaValue;

/**
 * The patient's CEA series as an SVG drawn on the server: values over time (ug/L), the ULN line, the
 * baseline (nadir of the current assay), the values that triggered the alert, the chemotherapy window
 * whose values are not used, and marks where the assay method changed. Vector, so it prints sharp;
 * needs no script; each point has a tooltip and the page gives the same data as a table.
 *
 * <p>Each value is one {@code circle.cea-point} with {@code data-result-id}; triggering values also
 * have the class {@code trigger}.
 */
public final class CeaChart {

    static final int W = 760;
    static final int H = 300;
    private static final int LEFT = 56;
    private static final int RIGHT = 104;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    private CeaChart() {}

    public static String svg(CeaSeriesView cea, Set<String> triggers, ZoneId zone) {
        List<CeaValue> values = cea.values();
        Html h = new Html();
        h.f("<svg class=\"chart cea-chart\" viewBox=\"0 0 %s %s\" role=\"img\" aria-labelledby=\"cea-t cea-d\" "
                + "xmlns=\"http://www.w3.org/2000/svg\">", W, H);
        h.raw("<title id=\"cea-t\">CEA over time, ug/L</title>");
        h.f("<desc id=\"cea-d\">%s</desc>", describe(cea, triggers, zone));
        if (values.isEmpty()) {
            h.f("<text x=\"%s\" y=\"%s\" class=\"empty\" text-anchor=\"middle\">No CEA result yet</text></svg>",
                    W / 2, H / 2);
            return h.toString();
        }
        Instant min = values.get(0).collectedAt();
        Instant max = values.get(values.size() - 1).collectedAt();
        TimeAxis tx = new TimeAxis(min, max, LEFT, W - RIGHT);
        double top = 0;
        for (CeaValue v : values) {
            top = Math.max(top, Math.max(v.value(), v.uln()));
        }
        double[] yTicks = niceTicks(top * 1.12);
        double yMax = yTicks[yTicks.length - 1];
        double plotBottom = H - BOTTOM;
        java.util.function.DoubleUnaryOperator y = v -> plotBottom - v / yMax * (plotBottom - TOP);

        // chemotherapy window: values before eligibleFrom are stored, never used
        if (cea.eligibleFrom() != null && cea.eligibleFrom().isAfter(tx.from)) {
            double xe = Math.min(tx.x(cea.eligibleFrom()), W - RIGHT);
            h.f("<rect class=\"ineligible-zone\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/>", LEFT, TOP,
                    fmt(xe - LEFT), fmt(plotBottom - TOP));
            h.f("<text class=\"zone-label\" x=\"%s\" y=\"%s\">not used (chemotherapy window)</text>", LEFT + 4, TOP + 12);
        }
        // grid and axes
        for (double t : yTicks) {
            double yy = y.applyAsDouble(t);
            h.f("<line class=\"grid\" x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\"/>", LEFT, W - RIGHT, fmt(yy), fmt(yy));
            h.f("<text class=\"tick\" x=\"%s\" y=\"%s\" text-anchor=\"end\">%s</text>", LEFT - 6, fmt(yy + 4),
                    Labels.num(t));
        }
        for (TimeAxis.Tick t : tx.ticks()) {
            h.f("<line class=\"tick-mark\" x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\"/>", fmt(t.x()), fmt(t.x()),
                    fmt(plotBottom), fmt(plotBottom + 5));
            h.f("<text class=\"tick\" x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text>", fmt(t.x()),
                    fmt(plotBottom + 19), t.label());
        }
        h.f("<line class=\"axis\" x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\"/>", LEFT, W - RIGHT, fmt(plotBottom),
                fmt(plotBottom));
        h.f("<text class=\"axis-label\" x=\"14\" y=\"%s\" transform=\"rotate(-90 14 %s)\" text-anchor=\"middle\">"
                + "CEA (ug/L)</text>", fmt((TOP + plotBottom) / 2), fmt((TOP + plotBottom) / 2));

        // ULN: a step line when labs report different limits
        StringBuilder uln = new StringBuilder();
        double lastUln = values.get(0).uln();
        uln.append("M").append(LEFT).append(' ').append(fmt(y.applyAsDouble(lastUln)));
        for (CeaValue v : values) {
            if (v.uln() != lastUln) {
                double xv = tx.x(v.collectedAt());
                uln.append(" L").append(fmt(xv)).append(' ').append(fmt(y.applyAsDouble(lastUln)));
                uln.append(" L").append(fmt(xv)).append(' ').append(fmt(y.applyAsDouble(v.uln())));
                lastUln = v.uln();
            }
        }
        uln.append(" L").append(W - RIGHT).append(' ').append(fmt(y.applyAsDouble(lastUln)));
        h.f("<path class=\"uln\" d=\"%s\"><title>Upper limit of normal</title></path>", uln);
        h.f("<text class=\"line-label uln-label\" x=\"%s\" y=\"%s\">ULN %s</text>", W - RIGHT + 6,
                fmt(y.applyAsDouble(lastUln) + 4), Labels.num(lastUln));

        // baseline: the nadir of the current assay, from its time on
        if (cea.baseline() != null) {
            double yb = y.applyAsDouble(cea.baseline().value());
            double xb = tx.x(cea.baseline().collectedAt());
            h.f("<line class=\"baseline\" x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\"><title>Baseline (nadir) %s ug/L"
                    + "</title></line>", fmt(xb), W - RIGHT, fmt(yb), fmt(yb), Labels.num(cea.baseline().value()));
            h.f("<text class=\"line-label baseline-label\" x=\"%s\" y=\"%s\">Baseline %s</text>", W - RIGHT + 6,
                    fmt(yb + (Math.abs(yb - y.applyAsDouble(lastUln)) < 12 ? 14 : 4)),
                    Labels.num(cea.baseline().value()));
        }

        // assay changes
        for (AssayChange c : cea.assayChanges()) {
            double xc = tx.x(c.at());
            h.f("<line class=\"assay-change\" x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\"><title>Assay changed on %s: "
                    + "%s to %s (new baseline)</title></line>", fmt(xc), fmt(xc), TOP - 8, fmt(plotBottom),
                    Labels.date(c.at(), zone), c.from(), c.to());
            h.f("<text class=\"assay-label\" x=\"%s\" y=\"%s\" text-anchor=\"middle\">assay: %s</text>", fmt(xc),
                    TOP - 12, c.to());
        }

        // the series
        StringBuilder line = new StringBuilder();
        for (CeaValue v : values) {
            line.append(line.length() == 0 ? "M" : " L").append(fmt(tx.x(v.collectedAt()))).append(' ')
                    .append(fmt(y.applyAsDouble(v.value())));
        }
        h.f("<path class=\"series\" d=\"%s\"/>", line);
        for (CeaValue v : values) {
            boolean trigger = triggers.contains(v.resultId());
            String cls = "cea-point" + (trigger ? " trigger" : "") + (v.eligible() ? "" : " ineligible")
                    + (v.censored() ? " censored" : "") + (v.aboveUln() ? " above-uln" : "");
            double cx = tx.x(v.collectedAt());
            double cy = y.applyAsDouble(v.value());
            if (trigger) {
                h.f("<circle class=\"trigger-ring\" cx=\"%s\" cy=\"%s\" r=\"10\"/>", fmt(cx), fmt(cy));
            }
            h.f("<circle class=\"%s\" data-result-id=\"%s\" data-value=\"%s\" cx=\"%s\" cy=\"%s\" r=\"%s\">"
                    + "<title>%s: %s%s ug/L%s%s</title></circle>", cls, v.resultId(), Labels.num(v.value()), fmt(cx),
                    fmt(cy), trigger ? "6" : "4.5", Labels.date(v.collectedAt(), zone),
                    v.censored() ? v.comparator() : "", Labels.num(v.value()),
                    v.eligible() ? "" : " (not used: chemotherapy window)", trigger ? " (triggered this alert)" : "");
        }
        h.raw("</svg>");
        return h.toString();
    }

    private static String describe(CeaSeriesView cea, Set<String> triggers, ZoneId zone) {
        List<CeaValue> values = cea.values();
        if (values.isEmpty()) {
            return "No CEA result.";
        }
        long trig = values.stream().filter(v -> triggers.contains(v.resultId())).count();
        StringBuilder sb = new StringBuilder();
        sb.append(values.size()).append(" CEA values from ").append(Labels.date(values.get(0).collectedAt(), zone))
                .append(" to ").append(Labels.date(values.get(values.size() - 1).collectedAt(), zone))
                .append("; latest ").append(Labels.num(values.get(values.size() - 1).value())).append(" ug/L");
        if (cea.baseline() != null) {
            sb.append("; baseline ").append(Labels.num(cea.baseline().value())).append(" ug/L");
        }
        sb.append("; ").append(trig).append(trig == 1 ? " value" : " values").append(" triggered this alert.");
        return sb.toString();
    }

    /** 4-6 round ticks from 0 covering {@code max}. */
    static double[] niceTicks(double max) {
        if (max <= 0) {
            max = 1;
        }
        double raw = max / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        int n = (int) Math.ceil(max / step - 1e-9);
        double[] ticks = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            ticks[i] = Math.round(i * step * 1e6) / 1e6;
        }
        return ticks;
    }
}
