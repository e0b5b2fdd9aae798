package io.twinua.server.archive;

/**
 * One cell of the archive digests: a {@link ArchiveDigests#BUCKET} long time bucket and one of
 * {@link ArchiveDigests#GROUPS} tag groups.
 *
 * @param bucketTicks start of the bucket, OPC UA DateTime ticks (a multiple of the bucket length)
 * @param group tag group, 0..GROUPS-1
 */
public record DigestKey(long bucketTicks, int group) implements Comparable<DigestKey> {

  @Override
  public int compareTo(DigestKey o) {
    int c = Long.compare(bucketTicks, o.bucketTicks);
    return c != 0 ? c : Integer.compare(group, o.group);
  }
}
