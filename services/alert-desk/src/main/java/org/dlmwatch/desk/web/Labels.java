package org.dlmwatch.desk.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.dlmwatch.desk.view.TeamStatus;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;

/** Words and numbers as people read them. */
public final class Labels {

    private Labels() {}

    public static String type(AlertType t) {
        return switch (t) {
            case DLM_REAPPEARANCE -> "DLM reappearance";
            case NEW_LIVER_LESION -> "New liver lesion";
            case LESION_EQUIVOCAL -> "Equivocal lesion";
            case DLM_NOT_HBP_CONFIRMED -> "DLM not confirmed on HBP-MRI";
            case CEA_REPEAT_REQUESTED -> "CEA repeat requested";
            case CEA_ELEVATED_CONFIRMED -> "CEA elevated, confirmed";
            case CEA_RISE_ABOVE_BASELINE -> "CEA rise above baseline";
            case CEA_CONSECUTIVE_RISE -> "CEA consecutive rise";
            case CEA_SHORT_DOUBLING_TIME -> "CEA short doubling time";
            case RESCUE_EVALUATION -> "Rescue evaluation";
            case SURVEILLANCE_OVERDUE -> "Surveillance overdue";
        };
    }

    public static String engineStatus(AlertStatus s) {
        return switch (s) {
            case RAISED -> "Raised";
            case RETRACTED -> "Retracted by the engine";
            case FULFILLED -> "Fulfilled";
        };
    }

    public static String team(TeamStatus s) {
        return switch (s) {
            case OPEN -> "Not acknowledged";
            case ACKNOWLEDGED -> "Acknowledged";
            case OVERRIDDEN -> "Overridden";
            case RESOLVED -> "Resolved";
        };
    }

    /** "4 h", "24 h", "3 d": for configured durations. */
    public static String duration(Duration d) {
        if (d == null) {
            return "";
        }
        if (d.toDays() >= 2 && d.toHours() % 24 == 0) {
            return d.toDays() + " d";
        }
        if (d.toHours() >= 1 && d.toMinutesPart() == 0) {
            return d.toHours() + " h";
        }
        return Math.max(1, d.toMinutes()) + " min";
    }

    /** An age, coarse: "just now", "12 min", "5 h", "3 d", "7 wk". */
    public static String age(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        }
        if (d.toDays() < 2) {
            return d.toHours() + " h";
        }
        if (d.toDays() < 60) {
            return d.toDays() + " d";
        }
        return (d.toDays() / 7) + " wk";
    }

    public static String dateTime(Instant t, ZoneId zone) {
        return t == null ? "" : DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK).withZone(zone).format(t);
    }

    public static String date(Instant t, ZoneId zone) {
        return t == null ? "" : DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK).withZone(zone).format(t);
    }

    public static String date(java.time.LocalDate d) {
        return d == null ? "" : DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK).format(d);
    }

    /** A number without trailing zeros: 2.1, 10, 0.35. */
    public static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    public static String enumWord(Enum<?> e) {
        return e == null ? "" : e.name().charAt(0) + e.name().substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
