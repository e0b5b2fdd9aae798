/**
 * OPC UA HistoryRead on top of the archive: {@link
 * io.twinua.server.archive.history.RawHistoryReader} (ReadRawModifiedDetails), {@link
 * io.twinua.server.archive.history.EventHistoryReader} (ReadEventDetails) and the bounded,
 * per-session {@link io.twinua.server.archive.history.HistoryContinuations} they share. A namespace
 * calls them from its {@code historyRead} override, one call per HistoryReadValueId.
 */
package io.twinua.server.archive.history;
