/**
 * Synchronisation of user archives (recipes) and of internal tags flagged {@code synchronise}
 * between the two stations of a pair, online (a local change is pushed to the partner at once) and
 * on return (each station pulls what its partner changed while they were apart). Both sides merge
 * by "newest wins", so repeating either direction changes nothing and the two converge.
 */
package io.twinua.server.sync.records;
