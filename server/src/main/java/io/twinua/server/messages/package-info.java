/**
 * Numbered system messages of the redundancy ("[1012200] Partner station failure"), written to the
 * redundancy log, fired as OPC UA events on the Server object and archived.
 */
package io.twinua.server.messages;
