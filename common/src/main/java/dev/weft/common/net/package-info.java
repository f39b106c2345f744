/** Network value types used across Weft: IP prefixes and address parsing. */
package dev.weft.common.net;
