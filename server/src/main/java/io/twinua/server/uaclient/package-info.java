/**
 * The station as an OPC UA client (of its automation stations and of its partner station): one
 * {@link io.twinua.server.uaclient.ClientSupervisor} keeps a client connected and subscribed
 * without ever blocking a timer or Milo callback thread, on the station's own {@link
 * io.twinua.server.uaclient.ClientExecutors} rather than Milo's JVM-wide shared pools.
 */
package io.twinua.server.uaclient;
