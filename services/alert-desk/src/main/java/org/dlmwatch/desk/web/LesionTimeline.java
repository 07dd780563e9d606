package org.dlmwatch.desk.web;

import static org.dlmwatch.desk.web.TimeAxis.fmt;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dlmwatch.desk.patient.PatientSummary;
import org.dlmwatch.desk.patient.PatientSummary.LesionEvent;
import org.dlmwatch.desk.patient.PatientSummary.LesionTrack;

/**
 * One row per lesion on a shared time axis: each registered DLM from its disappearance, with every
 * confirmation of absence, an equivocal finding or its reappearance; then each new lesion. Lesions the
 * alert concerns are highlighted. Server-side SVG, like {@link CeaChart}.
 */
public final class LesionTimeline {

    private static final int W = 760;
    private static final int LEFT = 150;
    private static final int RIGHT = 56;
    private static final int ROW = 34;
    private static final int TOP = 12;

    private LesionTimeline() {}

    public static String svg(PatientSummary s, Set<String> highlighted, ZoneId zone) {
        List<LesionTrack> rows = new ArrayList<>(s.lesions());
        rows.addAll(s.newLesions());
        int h = TOP + Math.max(1, rows.size()) * ROW + 36;
        Html out = new Html();
        out.f("<svg class=\"chart lesion-timeline\" viewBox=\"0 0 %s %s\" role=\"img\" aria-labelledby=\"lt-t lt-d\" "
                + "xmlns=\"http://www.w3.org/2000/svg\">", W, h);
        out.raw("<title id=\"lt-t\">Lesion timeline</title>");
        out.f("<desc id=\"lt-d\">%s registered DLM and %s new lesions; the table below lists every finding.</desc>",
                s.lesions().size(), s.newLesions().size());
        if (rows.isEmpty()) {
            out.f("<text x=\"%s\" y=\"%s\" class=\"empty\" text-anchor=\"middle\">No lesion registered</text></svg>",
                    W / 2, TOP + ROW / 2 + 4);
            return out.toString();
        }
        Instant min = null;
        Instant max = null;
        for (LesionTrack t : rows) {
            if (t.disappearedOn() != null) {
                Instant d = t.disappearedOn().atStartOfDay(ZoneOffset.UTC).toInstant();
                min = min == null || d.isBefore(min) ? d : min;
                max = max == null || d.isAfter(max) ? d : max;
            }
            for (LesionEvent e : t.events()) {
                min = min == null || e.at().isBefore(min) ? e.at() : min;
                max = max == null || e.at().isAfter(max) ? e.at() : max;
            }
        }
        TimeAxis tx = new TimeAxis(min, max, LEFT, W - RIGHT);
        int bottom = TOP + rows.size() * ROW;
        for (TimeAxis.Tick t : tx.ticks()) {
            out.f("<line class=\"grid\" x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\"/>", fmt(t.x()), fmt(t.x()), TOP,
                    bottom);
            out.f("<text class=\"tick\" x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text>", fmt(t.x()), bottom + 18,
                    t.label());
        }
        for (int i = 0; i < rows.size(); i++) {
            LesionTrack t = rows.get(i);
            double cy = TOP + i * ROW + ROW / 2.0;
            boolean hl = highlighted.contains(t.key());
            if (hl) {
                out.f("<rect class=\"row-highlight\" x=\"0\" y=\"%s\" width=\"%s\" height=\"%s\"/>", TOP + i * ROW, W,
                        ROW);
            }
            String label = t.registered() ? t.label() + " · seg " + t.segment() : t.label();
            out.f("<text class=\"row-label%s\" x=\"8\" y=\"%s\">%s</text>", hl ? " concerned" : "", fmt(cy + 4), label);
            double start = t.disappearedOn() != null
                    ? tx.x(t.disappearedOn().atStartOfDay(ZoneOffset.UTC).toInstant())
                    : tx.x(t.events().get(0).at());
            double end = t.events().isEmpty() ? start : tx.x(t.events().get(t.events().size() - 1).at());
            out.f("<line class=\"track\" x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\"/>", fmt(start), fmt(end), fmt(cy),
                    fmt(cy));
            if (t.disappearedOn() != null) {
                out.f("<circle class=\"lesion-mark disappeared\" cx=\"%s\" cy=\"%s\" r=\"6\"><title>%s disappeared on "
                        + "%s (%s)</title></circle>", fmt(start), fmt(cy), t.label(), Labels.date(t.disappearedOn()),
                        t.establishedBy());
            }
            for (LesionEvent e : t.events()) {
                mark(out, e, tx.x(e.at()), cy, t.label(), zone);
            }
        }
        out.raw("</svg>");
        return out.toString();
    }

    private static void mark(Html out, LesionEvent e, double x, double cy, String label, ZoneId zone) {
        String when = Labels.date(e.at(), zone) + " (" + e.modality() + (e.sizeMm() != null
                ? ", " + Labels.num(e.sizeMm()) + " mm" : "") + (e.ambiguous() ? ", segment match, ambiguous" : "")
                + ")";
        switch (e.status()) {
            case ABSENT -> {
                if (e.confirms()) {
                    out.f("<rect class=\"lesion-mark absent\" x=\"%s\" y=\"%s\" width=\"9\" height=\"9\" rx=\"2\">"
                            + "<title>%s confirmed absent on %s</title></rect>", fmt(x - 4.5), fmt(cy - 4.5), label, when);
                } else {
                    out.f("<rect class=\"lesion-mark absent-unconfirmed\" x=\"%s\" y=\"%s\" width=\"9\" height=\"9\" "
                            + "rx=\"2\"><title>%s absent on %s: PET-CT does not confirm absence</title></rect>",
                            fmt(x - 4.5), fmt(cy - 4.5), label, when);
                }
            }
            case EQUIVOCAL -> out.f("<path class=\"lesion-mark equivocal\" d=\"M%s %s l7 12 h-14 z\"><title>%s "
                    + "equivocal on %s</title></path>", fmt(x), fmt(cy - 7), label, when);
            case PRESENT -> {
                out.f("<path class=\"lesion-mark present\" d=\"M%s %s l8 8 l-8 8 l-8 -8 z\"><title>%s present on %s"
                        + "</title></path>", fmt(x), fmt(cy - 8), label, when);
                if (e.sizeMm() != null) {
                    out.f("<text class=\"mark-label\" x=\"%s\" y=\"%s\">%s mm</text>", fmt(x + 11), fmt(cy - 6),
                            Labels.num(e.sizeMm()));
                }
            }
        }
    }
}
