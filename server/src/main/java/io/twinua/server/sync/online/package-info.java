/**
 * Online sync between the two stations of a pair: operator changes of alarms (acknowledge,
 * enable/disable) made on one station reach the other as they happen, over the partner link.
 */
package io.twinua.server.sync.online;
