package org.dlmwatch.events;

import java.util.List;
import org.apache.avro.Schema;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertDelivery;
import org.dlmwatch.events.v1.DeadLetter;
import org.dlmwatch.events.v1.DeadLetterReplay;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.SurveillanceAlert;

/** The top-level records of the event contract: the ones that travel on a topic. */
public final class EventSchemas {

    /** Every top-level record schema, fully resolved (nested types inlined). */
    public static final List<Schema> TOP_LEVEL = List.of(
            Enrollment.getClassSchema(),
            LabResult.getClassSchema(),
            ImagingReport.getClassSchema(),
            SurveillanceAlert.getClassSchema(),
            AlertAction.getClassSchema(),
            DeadLetter.getClassSchema(),
            DeadLetterReplay.getClassSchema(),
            AlertDelivery.getClassSchema());

    private EventSchemas() {}
}
