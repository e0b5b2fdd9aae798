package io.twinua.server.config;

/**
 * The project file's {@code requests:} section: how much one client request may make the station
 * read and send (issue 12 item 5). A Read, Browse or HistoryRead of more nodes is refused with
 * Bad_TooManyOperations; a response larger than {@code maxMessageSizeBytes} (or than the client
 * announced) with Bad_ResponseTooLarge. The server also takes no request larger than
 * {@code maxMessageSizeBytes}, and advertises half of it as MaxArrayLength, MaxStringLength and
 * MaxByteStringLength (Milo's proportion).
 *
 * @param maxNodesPerRead nodes one Read may name
 * @param maxNodesPerBrowse nodes one Browse or TranslateBrowsePathsToNodeIds may name
 * @param maxNodesPerHistoryRead nodes one HistoryRead (raw or events) may name
 * @param maxMessageSizeBytes largest message the station sends or takes
 */
public record RequestSettings(int maxNodesPerRead, int maxNodesPerBrowse, int maxNodesPerHistoryRead,
    int maxMessageSizeBytes) {

  public static final int DEFAULT_MAX_NODES_PER_READ = 10_000;
  public static final int DEFAULT_MAX_NODES_PER_BROWSE = 1_000;
  public static final int DEFAULT_MAX_NODES_PER_HISTORY_READ = 1_000;
  public static final int MAX_NODES = 100_000;
  /** Milo's default, which its clients announce too. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE_BYTES = 2 * 1024 * 1024;
  /** Milo decodes its own ns0 nodes (a 200 kB array) within this limit: below, the server cannot start. */
  public static final int MIN_MESSAGE_SIZE_BYTES = 512 * 1024;
  public static final int MAX_MESSAGE_SIZE_BYTES = 64 * 1024 * 1024;

  public static final RequestSettings DEFAULT = new RequestSettings(DEFAULT_MAX_NODES_PER_READ,
      DEFAULT_MAX_NODES_PER_BROWSE, DEFAULT_MAX_NODES_PER_HISTORY_READ, DEFAULT_MAX_MESSAGE_SIZE_BYTES);

  public RequestSettings {
    if (maxNodesPerRead < 1 || maxNodesPerRead > MAX_NODES || maxNodesPerBrowse < 1 || maxNodesPerBrowse > MAX_NODES
        || maxNodesPerHistoryRead < 1 || maxNodesPerHistoryRead > MAX_NODES
        || maxMessageSizeBytes < MIN_MESSAGE_SIZE_BYTES || maxMessageSizeBytes > MAX_MESSAGE_SIZE_BYTES) {
      throw new IllegalArgumentException("requests: need 1 <= maxNodesPerRead (" + maxNodesPerRead
          + "), maxNodesPerBrowse (" + maxNodesPerBrowse + "), maxNodesPerHistoryRead (" + maxNodesPerHistoryRead
          + ") <= " + MAX_NODES + " and " + MIN_MESSAGE_SIZE_BYTES + " <= maxMessageSizeBytes ("
          + maxMessageSizeBytes + ") <= " + MAX_MESSAGE_SIZE_BYTES);
    }
  }

  /** Advertised MaxArrayLength, MaxStringLength and MaxByteStringLength. */
  public int maxValueLength() {
    return maxMessageSizeBytes / 2;
  }
}
