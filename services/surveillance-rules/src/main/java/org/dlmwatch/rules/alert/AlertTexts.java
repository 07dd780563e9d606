package org.dlmwatch.rules.alert;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The plain-English sentences shared by several alerts. Every recommendation ends with
 * {@link #DECISION_SUPPORT}: "The text says it is decision support for the MDT, not a diagnosis" (§4).
 */
public final class AlertTexts {

    public static final String DECISION_SUPPORT =
            "This is decision support for the multidisciplinary team (MDT), not a diagnosis.";

    /** §3.1: "A CEA alert recommends: image now (...), then MDT review for rescue therapy if a lesion is found." */
    public static final String CEA_IMAGE_NOW =
            "Image now: liver MRI with hepatobiliary phase (gadoxetic acid) and DWI, and CT of chest, abdomen and "
            + "pelvis for extrahepatic disease; then MDT review for rescue therapy (resection or thermal ablation) "
            + "if a lesion is found.";

    /** §3.2: "with restaging (CT chest/abdomen/pelvis, FDG-PET for extrahepatic disease) first". */
    public static final String RESTAGING_FIRST =
            "Restage first: CT of chest, abdomen and pelvis, and FDG-PET for extrahepatic disease.";

    /** §3.2 DLM_REAPPEARANCE and NEW_LIVER_LESION. */
    public static final String RESCUE_REVIEW =
            "HPB MDT review for rescue therapy (resection or thermal ablation). " + RESTAGING_FIRST;

    private AlertTexts() {
    }

    /** A recommendation sentence followed by the decision-support statement. */
    public static String recommendation(String text) {
        return text + " " + DECISION_SUPPORT;
    }

    /** A number with at most two decimals and no trailing zeros: 5, 6.2, 0.25. */
    public static String num(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** The UTC date of an instant, ISO form. */
    public static String date(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }
}
