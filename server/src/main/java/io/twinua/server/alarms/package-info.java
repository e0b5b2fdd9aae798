/**
 * Limit alarms as OPC UA Alarms &amp; Conditions (Part 9).
 *
 * <p>{@link io.twinua.server.alarms.LimitAlarmState} is the condition state machine in plain Java;
 * {@link io.twinua.server.alarms.AlarmService} is the Milo glue: condition nodes, condition methods
 * (Acknowledge, AddComment, Enable, Disable), events and ConditionRefresh. Milo 1.1.2 ships only
 * the generated A&amp;C types, so all behaviour lives here.
 */
package io.twinua.server.alarms;
