/**
 * The clocks of the pair (redundancy-behaviour.md §1, issue 7 part 4): each station reads its
 * partner's {@code Server/ServerStatus/CurrentTime} over the terminal bus, compensates half the
 * round trip, and reports a difference beyond the station file's {@code
 * redundancy.clockToleranceMs}, because the gap windows of the archive resync depend on it.
 */
package io.twinua.server.redundancy.partner.clock;
