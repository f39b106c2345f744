/**
 * The agent's local HTTP endpoint ({@link dev.weft.agent.status.StatusServer}: {@code /livez},
 * {@code /readyz}, {@code /metrics}, {@code /status}, {@code /healthz}), the loop heartbeats behind
 * {@code /livez} ({@link dev.weft.agent.status.Liveness}, {@link dev.weft.agent.status.Watchdog}),
 * the readiness checks behind {@code /readyz} ({@link dev.weft.agent.status.Readiness}) and the
 * Prometheus meters ({@link dev.weft.agent.status.AgentMetrics}, {@link
 * dev.weft.agent.status.BgpMetrics}, {@link dev.weft.agent.status.DataplaneCommandMetrics}).
 */
package dev.weft.agent.status;
