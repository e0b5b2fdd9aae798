package io.twinua.server.archive.digest;

import io.twinua.server.archive.ArchiveDigests;
import io.twinua.server.archive.ArchiveException;
import io.twinua.server.archive.BucketDigest;
import io.twinua.server.archive.ReadsArchive;
import io.twinua.server.security.Role;
import io.twinua.server.security.StationRoles;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.UaNodeManager;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Objects/@ArchiveSync/@RM_ArchiveDigest(FromUtc, ToUtc) -> (BucketStarts, Groups, Counts,
 * Hashes)} in the plant namespace: this station's stored archive digests of every bucket that
 * starts in [bucket of FromUtc, ToUtc), as four parallel arrays (see {@link ArchiveDigests}).
 *
 * <p>Milo 1.1.2 does no access check on method calls, so the handler does: only a session with
 * the PARTNER role (the other station, by its certificate, on a signed channel) may call it;
 * everyone else gets Bad_UserAccessDenied. A call covers at most {@link #MAX_SPAN} so that one
 * response stays small ({@value #MAX_CELLS} cells at most); {@link PartnerDigests} pages.
 */
public final class ArchiveDigestMethod {

  public static final String OBJECT_ID = "@ArchiveSync";
  public static final String METHOD_ID = "@RM_ArchiveDigest";
  public static final Duration MAX_SPAN = Duration.ofDays(1);
  static final int MAX_CELLS = 144 * ArchiveDigests.GROUPS;
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveDigestMethod.class);

  private static final Argument[] INPUTS = {
    arg("FromUtc", NodeIds.UtcTime, ValueRanks.Scalar, "start of the range (its bucket is included)"),
    arg("ToUtc", NodeIds.UtcTime, ValueRanks.Scalar, "end of the range, exclusive; at most one day on")
  };
  private static final Argument[] OUTPUTS = {
    arg("BucketStarts", NodeIds.UtcTime, ValueRanks.OneDimension, "start of each cell's 10-minute bucket"),
    arg("Groups", NodeIds.Int32, ValueRanks.OneDimension, "tag group of each cell, 0..15"),
    arg("Counts", NodeIds.Int64, ValueRanks.OneDimension, "values stored in each cell"),
    arg("Hashes", NodeIds.Int64, ValueRanks.OneDimension, "sum of the cell's 64-bit row hashes")
  };

  private final UaNodeContext context;
  private final UaNodeManager nodes;
  private final int namespaceIndex;
  private final ArchiveDigests digests;

  public ArchiveDigestMethod(
      UaNodeContext context, UaNodeManager nodes, int namespaceIndex, ArchiveDigests digests) {
    this.context = context;
    this.nodes = nodes;
    this.namespaceIndex = namespaceIndex;
    this.digests = digests;
  }

  /** Adds the object and its method to the plant namespace. */
  public void install() {
    UaFolderNode object =
        new UaFolderNode(
            context,
            new NodeId(namespaceIndex, OBJECT_ID),
            new QualifiedName(namespaceIndex, OBJECT_ID),
            LocalizedText.english("ArchiveSync"));
    nodes.addNode(object);
    object.addReference(
        new Reference(
            object.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
    UaMethodNode method =
        UaMethodNode.builder(context)
            .setNodeId(new NodeId(namespaceIndex, METHOD_ID))
            .setBrowseName(new QualifiedName(namespaceIndex, METHOD_ID))
            .setDisplayName(LocalizedText.english("ArchiveDigest"))
            .build();
    method.setInputArguments(INPUTS);
    method.setOutputArguments(OUTPUTS);
    method.setInvocationHandler(new Handler(method));
    nodes.addNode(method);
    object.addComponent(method);
  }

  private final class Handler extends AbstractMethodInvocationHandler implements ReadsArchive {
    Handler(UaMethodNode node) {
      super(node);
    }

    @Override
    public Argument[] getInputArguments() {
      return INPUTS;
    }

    @Override
    public Argument[] getOutputArguments() {
      return OUTPUTS;
    }

    @Override
    protected Variant[] invoke(InvocationContext ctx, Variant[] in) throws UaException {
      if (!StationRoles.permits(ctx.getSession().orElse(null), Role::canSynchronise)) {
        throw new UaException(
            StatusCodes.Bad_UserAccessDenied, METHOD_ID + " is for the partner station only");
      }
      long from = ticks(in[0], "FromUtc");
      long to = ticks(in[1], "ToUtc");
      if (to < from || to - ArchiveDigests.bucketStart(from) > MAX_SPAN.toNanos() / 100) {
        throw new UaException(
            StatusCodes.Bad_InvalidArgument,
            "ToUtc must not be before FromUtc nor more than " + MAX_SPAN.toHours() + " h after it");
      }
      List<BucketDigest> cells;
      try {
        cells = digests.stored(from, to);
      } catch (ArchiveException e) {
        LOG.warn("{} refused: {}", METHOD_ID, e.getMessage());
        throw new UaException(StatusCodes.Bad_InternalError, e.getMessage());
      }
      int n = cells.size();
      DateTime[] starts = new DateTime[n];
      Integer[] groups = new Integer[n];
      Long[] counts = new Long[n];
      Long[] hashes = new Long[n];
      for (int i = 0; i < n; i++) {
        BucketDigest d = cells.get(i);
        starts[i] = new DateTime(d.key().bucketTicks());
        groups[i] = d.key().group();
        counts[i] = d.count();
        hashes[i] = d.hash();
      }
      return new Variant[] {
        new Variant(starts), new Variant(groups), new Variant(counts), new Variant(hashes)
      };
    }
  }

  private static long ticks(Variant v, String name) throws UaException {
    if (!(v.getValue() instanceof DateTime t) || t.isNull()) {
      throw new UaException(StatusCodes.Bad_InvalidArgument, name + " must be a UtcTime");
    }
    return t.getUtcTime();
  }

  private static Argument arg(String name, NodeId type, int rank, String description) {
    return new Argument(name, type, rank, null, LocalizedText.english(description));
  }
}
