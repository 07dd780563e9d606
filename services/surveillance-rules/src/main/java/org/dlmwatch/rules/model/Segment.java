package org.dlmwatch.rules.model;

import java.util.Locale;
import java.util.Optional;

import org.dlmwatch.rules.validation.ErrorCode;
import org.dlmwatch.rules.validation.Rejection;
import org.dlmwatch.rules.validation.RejectedInputException;

/**
 * Couinaud liver segment (clinical-spec §2.1: "I, II, III, IVa, IVb, IV (unspecified), V, VI, VII,
 * VIII").
 */
public enum Segment {
    I("I"),
    II("II"),
    III("III"),
    IVa("IVa"),
    IVb("IVb"),
    /** Segment IV without a sub-segment. */
    IV("IV"),
    V("V"),
    VI("VI"),
    VII("VII"),
    VIII("VIII");

    private final String label;

    Segment(String label) {
        this.label = label;
    }

    /** The contract's spelling, e.g. {@code IVa}. */
    public String label() {
        return label;
    }

    /**
     * Same-segment matching of §3.2: "IV matches IVa and IVb". The relation is symmetric (a DLM
     * registered in IVa is a candidate for a finding reported in IV, and vice versa); IVa and IVb do
     * not match each other.
     */
    public boolean matches(Segment other) {
        if (this == other) {
            return true;
        }
        return (this == IV && other.isSegmentFourPart()) || (other == IV && this.isSegmentFourPart());
    }

    /**
     * The segment with IVa and IVb folded into IV. Used as the identity of segment-keyed alerts so
     * that one lesion reported once as "IVa" and once as "IV" does not raise two alerts.
     */
    public Segment family() {
        return isSegmentFourPart() ? IV : this;
    }

    private boolean isSegmentFourPart() {
        return this == IVa || this == IVb;
    }

    /**
     * Parses a segment as it comes from the wire. Accepts the contract spelling in any letter case
     * ({@code VII}, {@code vii}, {@code IVA}) and the Arabic numbering radiology systems also use
     * ({@code 7}, {@code 4a}); surrounding blanks are ignored. Anything else is rejected with
     * {@link ErrorCode#UNKNOWN_SEGMENT}: a finding we cannot place cannot be matched to a DLM.
     *
     * @throws RejectedInputException with code UNKNOWN_SEGMENT (message without the raw text)
     */
    public static Segment parse(String raw) {
        return tryParse(raw).orElseThrow(() -> new RejectedInputException(new Rejection(
                raw == null || raw.isBlank() ? ErrorCode.MISSING_FIELD : ErrorCode.UNKNOWN_SEGMENT,
                raw == null || raw.isBlank()
                        ? "lesion segment is missing"
                        : "lesion segment is not a Couinaud segment (I-VIII, IVa, IVb)")));
    }

    /** Like {@link #parse(String)} but empty instead of an exception. */
    public static Optional<Segment> tryParse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.trim().toUpperCase(Locale.ROOT);
        switch (s) {
            case "I": case "1": return Optional.of(I);
            case "II": case "2": return Optional.of(II);
            case "III": case "3": return Optional.of(III);
            case "IVA": case "4A": return Optional.of(IVa);
            case "IVB": case "4B": return Optional.of(IVb);
            case "IV": case "4": return Optional.of(IV);
            case "V": case "5": return Optional.of(V);
            case "VI": case "6": return Optional.of(VI);
            case "VII": case "7": return Optional.of(VII);
            case "VIII": case "8": return Optional.of(VIII);
            default: return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
