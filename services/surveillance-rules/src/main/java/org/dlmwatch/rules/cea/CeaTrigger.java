package org.dlmwatch.rules.cea;

import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.alert.Evidence;

/**
 * What a CEA rule found: a one-line title, the values that make the condition hold, and the
 * configuration it used (property name to value).
 */
record CeaTrigger(String title, List<Evidence> evidence, Map<String, String> parameters) {
}
