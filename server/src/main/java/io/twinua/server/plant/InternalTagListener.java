package io.twinua.server.plant;

import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;

/** Told about every accepted client write of an internal (operator) tag. */
public interface InternalTagListener {

  void onInternalTagWritten(String tag, DataValue value, Session session);
}
