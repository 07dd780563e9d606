package org.dlmwatch.rules.validation;

/**
 * The LOINC codes of clinical-spec §2.2. Cheap and static so that the engine can drop the lab
 * topic's non-CEA traffic before touching any state.
 */
public final class LabCodes {

    /** CEA, mass/volume, serum or plasma: the only code that enters the series. */
    public static final String CEA_MASS = "2039-6";
    /** CEA, units/volume: not comparable with mass results; counted, not an error. */
    public static final String CEA_UNITS = "19166-8";
    /** CEA, moles/volume: not comparable with mass results; counted, not an error. */
    public static final String CEA_MOLES = "19167-6";

    /** What a LOINC code means for surveillance. */
    public enum Kind {
        /** 2039-6: enters the CEA series. */
        CEA_MASS,
        /** 19166-8 or 19167-6: "keep them out of the series and count them". */
        CEA_NON_COMPARABLE,
        /** "Any other LOINC code is not CEA and is ignored silently". */
        NOT_CEA
    }

    private LabCodes() {
    }

    public static Kind classify(String loinc) {
        if (loinc == null) {
            return Kind.NOT_CEA;
        }
        switch (loinc.trim()) {
            case CEA_MASS: return Kind.CEA_MASS;
            case CEA_UNITS: case CEA_MOLES: return Kind.CEA_NON_COMPARABLE;
            default: return Kind.NOT_CEA;
        }
    }

    /** True for the three CEA codes; everything else can be dropped silently. */
    public static boolean isCeaRelevant(String loinc) {
        return classify(loinc) != Kind.NOT_CEA;
    }

    /** True only for 2039-6, the code that enters the series. */
    public static boolean isCeaMass(String loinc) {
        return classify(loinc) == Kind.CEA_MASS;
    }
}
