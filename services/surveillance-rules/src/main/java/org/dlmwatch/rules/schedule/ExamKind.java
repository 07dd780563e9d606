package org.dlmwatch.rules.schedule;

/**
 * The two kinds of surveillance exam of §3.4: "Liver MRI (MRI_HBP or MRI_HBP_DWI) every 3 months in
 * years 1-2 after enrollment, every 6 months in years 3-5; CEA on the same intervals."
 */
public enum ExamKind {
    MRI("liver MRI with hepatobiliary phase", "Book liver MRI with hepatobiliary phase (gadoxetic acid) and DWI now."),
    CEA("CEA", "Draw a CEA now.");

    private final String label;
    private final String action;

    ExamKind(String label, String action) {
        this.label = label;
        this.action = action;
    }

    public String label() {
        return label;
    }

    String action() {
        return action;
    }
}
