package io.twinua.server.process;

import io.twinua.server.config.TagMapping;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;

/** Where the process connection delivers what it receives from the automation stations. */
public interface ProcessValueSink {

  /** One value of one AS tag, in the order the AS produced it. Called on a Milo delivery thread. */
  void onValue(TagMapping tag, DataValue value);

  /** The connection to one AS changed between good and defective. */
  void onConnectionStatus(AsConnectionStatus status);
}
