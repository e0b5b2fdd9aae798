package io.twinua.server.station;

import io.twinua.server.archive.ReadsArchive;
import io.twinua.server.config.SessionSettings;
import io.twinua.server.security.SessionAdmission;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.servicesets.Service;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.UaRequestMessageType;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.UaResponseMessageType;
import org.eclipse.milo.opcua.stack.core.types.structured.CallRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteResponse;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.core.util.Lists;
import org.eclipse.milo.opcua.stack.transport.server.OpcServerTransportFactory;
import org.eclipse.milo.opcua.stack.transport.server.ServiceRequestContext;
import org.slf4j.Logger;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Milo's server with HistoryRead, and calls of {@link ReadsArchive} methods, served on the
 * archive-read threads: Milo's future for such a request completes when the read is done. Writes
 * of setpoints complete when the AS answered ({@link SetpointWrites}).
 *
 * <p>Milo 1.1.2 runs every request synchronously on its service executor
 * (OpcUaServer#handleServiceRequest): AddressSpace#historyRead and MethodInvocationHandler#invoke
 * return results, not futures, and only Publish has an AsyncServiceHandler. So a slow SQLite read
 * held a service thread. Milo's own handler still does the work (sessions, limits, diagnostics),
 * only on another thread.
 */
final class ArchiveReadServer extends OpcUaServer {

  private volatile SetpointWrites setpointWrites;
  private volatile ReadAfterWrite archiveWrites = new ReadAfterWrite(Optional::empty);
  private final ResponseSizeGuard responses;

  private static final Logger LOG = LoggerFactory.getLogger(ArchiveReadServer.class);

  /** Services whose response size the client chooses with its request. */
  private static final List<Service> GUARDED = List.of(Service.ATTRIBUTE_READ, Service.ATTRIBUTE_HISTORY_READ,
      Service.VIEW_BROWSE, Service.VIEW_BROWSE_NEXT, Service.VIEW_TRANSLATE_BROWSE_PATHS, Service.METHOD_CALL,
      Service.QUERY_QUERY_FIRST, Service.QUERY_QUERY_NEXT);

  /**
   * @param sessions the project's session places; CreateSession on an unsecured channel is refused
   *     with Bad_TooManySessions when {@link SessionAdmission} finds no room
   * @param refusals takes the detail of a refusal report (on a Milo thread, must not block)
   */
  ArchiveReadServer(OpcUaServerConfig config, OpcServerTransportFactory transports, Executor archiveReads,
      SessionSettings sessions, Consumer<String> refusals) {
    super(config, transports);
    responses = new ResponseSizeGuard(getStaticEncodingContext(),
        config.getEncodingLimits().getMaxMessageSize(), this::sessionResponseLimit);
    SessionAdmission admission =
        new SessionAdmission(sessions, () -> getSessionManager().getAllSessions(), refusals, System::nanoTime);
    // the paths OpcUaServer registered its service sets for (its constructor)
    config.getEndpoints().stream()
        .map(e -> EndpointUtil.getPath(e.getEndpointUrl()))
        .distinct()
        .filter(path -> !path.endsWith("/discovery"))
        .forEach(path -> {
          offload(path, Service.ATTRIBUTE_HISTORY_READ, request -> true, archiveReads);
          afterArchiveWrites(path);
          limitHistoryNodes(path, config.getLimits());
          offload(path, Service.METHOD_CALL, request -> readsArchive((CallRequest) request), archiveReads);
          routeSetpoints(path);
          admit(path, admission);
          GUARDED.forEach(service -> guard(path, service));
        });
  }

  /** Setpoint writes from now on go to the AS (before, Milo refuses them: PlantNamespace's guard). */
  void setpointWrites(SetpointWrites writes) {
    setpointWrites = writes;
  }

  /**
   * Raw history reads from now on wait (bounded, without holding a thread) for the values queued
   * before them to be committed ({@link ReadAfterWrite}).
   *
   * @param flushed the value archive's {@code flushSoon}
   */
  void readsAfterWrites(Supplier<Optional<CompletableFuture<Void>>> flushed) {
    archiveWrites = new ReadAfterWrite(flushed);
  }

  private void afterArchiveWrites(String path) {
    ServiceHandler inner = getServiceHandler(path, Service.ATTRIBUTE_HISTORY_READ);
    if (inner == null) {
      return;
    }
    addServiceHandler(path, Service.ATTRIBUTE_HISTORY_READ, (AsyncServiceHandler) (context, request) ->
        archiveWrites.before((HistoryReadRequest) request).thenCompose(committed ->
            inner instanceof AsyncServiceHandler async ? async.handleAsync(context, request) : handle(inner, context, request)));
  }

  /**
   * Write requests with setpoints are answered when the AS answered ({@link SetpointWrites}),
   * without holding Milo's service thread meanwhile; all other writes stay Milo's, as before.
   */
  private void routeSetpoints(String path) {
    ServiceHandler milo = getServiceHandler(path, Service.ATTRIBUTE_WRITE);
    if (milo == null) {
      return;
    }
    addServiceHandler(path, Service.ATTRIBUTE_WRITE, (AsyncServiceHandler) (context, request) -> {
      SetpointWrites writes = setpointWrites;
      if (writes == null || !writes.concerns((WriteRequest) request)) {
        return handle(milo, context, request);
      }
      try {
        return writes.write(context, (WriteRequest) request, others -> {
          try {
            return (WriteResponse) milo.handle(context, others);
          } catch (UaException e) {
            throw new CompletionException(e);
          }
        }).thenApply(UaResponseMessageType.class::cast);
      } catch (UaException | CompletionException e) {
        return CompletableFuture.failedFuture(e);
      }
    });
  }

  private void offload(String path, Service service, Predicate<UaRequestMessageType> when, Executor executor) {
    ServiceHandler milo = getServiceHandler(path, service);
    if (milo == null) {
      return;
    }
    addServiceHandler(path, service, (AsyncServiceHandler) (context, request) -> {
      if (!when.test(request)) {
        return handle(milo, context, request); // on Milo's thread, as before
      }
      try {
        return CompletableFuture.supplyAsync(() -> handle(milo, context, request).join(), executor);
      } catch (RejectedExecutionException e) {
        return CompletableFuture.failedFuture(e); // the station is stopping
      }
    });
  }

  /**
   * A HistoryRead of more nodes than MaxNodesPerHistoryReadData/Events is refused with
   * Bad_TooManyOperations: Milo 1.1.2 advertises both limits but checks neither.
   */
  private void limitHistoryNodes(String path, OpcUaServerConfigLimits limits) {
    ServiceHandler inner = getServiceHandler(path, Service.ATTRIBUTE_HISTORY_READ);
    if (inner == null) {
      return;
    }
    addServiceHandler(path, Service.ATTRIBUTE_HISTORY_READ, (AsyncServiceHandler) (context, request) -> {
      HistoryReadRequest read = (HistoryReadRequest) request;
      ExtensionObject details = read.getHistoryReadDetails();
      boolean events = details != null && NodeIds.ReadEventDetails_Encoding_DefaultBinary.equals(details.getEncodingOrTypeId());
      long max = (events ? limits.getMaxNodesPerHistoryReadEvents() : limits.getMaxNodesPerHistoryReadData()).longValue();
      if (read.getNodesToRead() != null && read.getNodesToRead().length > max) {
        return CompletableFuture.failedFuture(new UaException(StatusCodes.Bad_TooManyOperations));
      }
      return inner instanceof AsyncServiceHandler async ? async.handleAsync(context, request) : handle(inner, context, request);
    });
  }

  /** Responses of {@code service} larger than the client or the server takes become Bad_ResponseTooLarge. */
  private void guard(String path, Service service) {
    ServiceHandler inner = getServiceHandler(path, service);
    if (inner == null) {
      return;
    }
    addServiceHandler(path, service, (AsyncServiceHandler) (context, request) -> {
      responses.remember(context);
      return responses.checked(context, request,
          inner instanceof AsyncServiceHandler async ? async.handleAsync(context, request) : handle(inner, context, request));
    });
  }

  /**
   * The largest response {@code session} takes (its Hello and CreateSession limits and the server's
   * maximum message size), 0 for none: history reads page within it.
   */
  long responseLimit(@Nullable Session session) {
    return responses.limitFor(session);
  }

  /** The MaxResponseMessageSize the request's session announced, 0 for none or no session. */
  private long sessionResponseLimit(ResponseSizeGuard.RequestOf r) {
    try {
      UInteger max = getSessionManager().getSession(r.context(), r.request().getRequestHeader()).getMaxResponseMessageSize();
      return max == null ? 0 : max.longValue();
    } catch (UaException e) {
      return 0; // the response is Milo's refusal itself
    }
  }

  /** CreateSession goes to Milo only if {@code admission} finds room for it. */
  private void admit(String path, SessionAdmission admission) {
    ServiceHandler milo = getServiceHandler(path, Service.SESSION_CREATE_SESSION);
    if (milo == null) {
      return;
    }
    addServiceHandler(path, Service.SESSION_CREATE_SESSION, (AsyncServiceHandler) (context, request) -> {
      Optional<String> refusal = admission.refusal(context.getSecureChannel().getSecurityPolicy(), context.clientAddress());
      if (refusal.isPresent()) {
        LOG.debug("CreateSession refused: {}", refusal.get());
        return CompletableFuture.failedFuture(new CompletionException(new UaException(StatusCodes.Bad_TooManySessions)));
      }
      return handle(milo, context, request);
    });
  }

  private static CompletableFuture<UaResponseMessageType> handle(
      ServiceHandler milo,
      ServiceRequestContext context,
      UaRequestMessageType request) {
    try {
      return CompletableFuture.completedFuture(milo.handle(context, request));
    } catch (UaException e) {
      return CompletableFuture.failedFuture(new CompletionException(e));
    }
  }

  private boolean readsArchive(CallRequest request) {
    return Lists.ofNullable(request.getMethodsToCall()).stream()
        .anyMatch(m -> getAddressSpaceManager().getManagedNode(m.getMethodId())
            .filter(UaMethodNode.class::isInstance)
            .map(n -> ((UaMethodNode) n).getInvocationHandler())
            .filter(ReadsArchive.class::isInstance)
            .isPresent());
  }
}
