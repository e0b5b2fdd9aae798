/**
 * Online sync between the two stations of a pair, over the partner link: operator changes of
 * alarms (acknowledge, enable/disable) and system messages raised on one station reach the other
 * as they happen.
 */
package io.twinua.server.sync.online;
