/** {@code weft-agent}: the per-node daemon, the only place where Weft's modules are wired together. */
package dev.weft.agent;
