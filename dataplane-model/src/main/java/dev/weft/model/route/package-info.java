/** Desired kernel routes, the contract between the agent's route calculation and the netlink driver. */
package dev.weft.model.route;
