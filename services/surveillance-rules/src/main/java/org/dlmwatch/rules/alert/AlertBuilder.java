package org.dlmwatch.rules.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Collects the parts of one alert while a rule walks the history. */
public final class AlertBuilder {

    private final String patientId;
    private final AlertType type;
    private final String identityKey;
    private final String ruleId;
    private final TreeSet<String> lesionIds = new TreeSet<>();
    private final List<Evidence> evidence = new ArrayList<>(4);
    private final Map<String, String> parameters = new TreeMap<>();
    private List<String> contextFlags = List.of();
    private AlertStatus status = AlertStatus.RAISED;
    private String title;
    private String recommendation;
    private Instant eventTime;

    /**
     * @param identityKey what makes this alert this alert (lesion ids, episode-opening result id,
     *     ...); hashed into the opaque id
     */
    public AlertBuilder(String patientId, AlertType type, String identityKey, String ruleId) {
        this.patientId = patientId;
        this.type = type;
        this.identityKey = identityKey;
        this.ruleId = ruleId;
    }

    public AlertType type() {
        return type;
    }

    public String identityKey() {
        return identityKey;
    }

    public Instant eventTime() {
        return eventTime;
    }

    public TreeSet<String> lesionIds() {
        return lesionIds;
    }

    public List<Evidence> evidence() {
        return evidence;
    }

    public AlertStatus status() {
        return status;
    }

    public AlertBuilder eventTime(Instant t) {
        this.eventTime = t;
        return this;
    }

    public AlertBuilder title(String t) {
        this.title = t;
        return this;
    }

    public AlertBuilder recommendation(String r) {
        this.recommendation = r;
        return this;
    }

    public AlertBuilder status(AlertStatus s) {
        this.status = s;
        return this;
    }

    public AlertBuilder lesions(Collection<String> ids) {
        lesionIds.addAll(ids);
        return this;
    }

    public AlertBuilder evidence(Evidence e) {
        evidence.add(e);
        return this;
    }

    public AlertBuilder evidence(Collection<Evidence> es) {
        evidence.addAll(es);
        return this;
    }

    public AlertBuilder parameter(String key, String value) {
        parameters.put(key, value);
        return this;
    }

    public AlertBuilder parameters(Map<String, String> p) {
        parameters.putAll(p);
        return this;
    }

    public AlertBuilder contextFlags(List<String> flags) {
        this.contextFlags = flags;
        return this;
    }

    public Alert build() {
        return new Alert(AlertIds.of(patientId, type, identityKey), patientId, type, type.severity(), status,
                new ArrayList<>(lesionIds), title, recommendation, evidence, ruleId, parameters, contextFlags, eventTime);
    }
}
