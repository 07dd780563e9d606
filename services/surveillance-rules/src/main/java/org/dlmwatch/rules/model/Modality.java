package org.dlmwatch.rules.model;

/** Imaging modality (event-contract: Modality; clinical-spec §2.3). */
public enum Modality {
    /** Gadoxetic-acid MRI with a hepatobiliary phase. */
    MRI_HBP,
    /** Hepatobiliary-phase MRI with diffusion-weighted imaging. */
    MRI_HBP_DWI,
    /** MRI with extracellular gadolinium (no hepatobiliary phase). */
    MRI_ECA,
    CT,
    CEUS,
    US,
    PET_CT;

    /**
     * True for the modalities the spec trusts to define and follow a DLM: "Only those MRI modalities
     * reset the imaging clock" (§3.4) and "a DLM whose disappearance was not established on MRI_HBP or
     * MRI_HBP_DWI" (§3.2).
     */
    public boolean isHepatobiliaryMri() {
        return this == MRI_HBP || this == MRI_HBP_DWI;
    }

    /**
     * "PET_CT is not a valid modality for judging DLM presence ... an ABSENT finding on PET_CT does not
     * count as confirmation" (§3.2).
     */
    public boolean canConfirmAbsence() {
        return this != PET_CT;
    }
}
