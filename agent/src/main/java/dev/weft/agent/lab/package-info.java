/**
 * The Java half of {@code lab/weft-lab}: {@code weft-lab apply|delete FILE...} (Kubernetes objects
 * into and out of the lab's directory datastore, one object per file, written atomically) and
 * {@code weft-lab conformance DIR} (the NetworkPolicy conformance runner over cases in the format
 * of {@code shared/conformance/netpol/FORMAT.md}, with real packets through {@code weft-lab probe}
 * and the offline evaluator for SCTP). Entry point: {@link dev.weft.agent.lab.LabTool}, started by
 * the lab script with {@code WEFT_LAB}, {@code WEFT_LAB_STATE} and {@code WEFT_LAB_PREFIX} set.
 */
package dev.weft.agent.lab;
