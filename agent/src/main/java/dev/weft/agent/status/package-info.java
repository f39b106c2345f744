/** The agent's local status, health and Prometheus metrics endpoint. */
package dev.weft.agent.status;
