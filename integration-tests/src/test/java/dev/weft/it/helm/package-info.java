/**
 * Tests of the Helm chart {@code helm/weft} with the real {@code helm} binary (installed by
 * {@code lab/lib/common.sh weft_ensure_helm}): {@code helm lint --strict}, {@code helm template}
 * for several value sets, every rendered object parsed into its fabric8 type with unknown fields
 * and wrong types failing, and assertions on the agent DaemonSet and the RBAC rules.
 */
package dev.weft.it.helm;
