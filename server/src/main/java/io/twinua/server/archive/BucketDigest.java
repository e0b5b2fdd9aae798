package io.twinua.server.archive;

/**
 * What one archive holds in one (bucket, tag group): how many values and the wrapping sum of their
 * row hashes. Both are order-independent, so two stations that stored the same rows in any order
 * have equal digests.
 *
 * @param key bucket and tag group
 * @param count values stored
 * @param hash sum (mod 2^64) of the values' 64-bit row hashes
 */
public record BucketDigest(DigestKey key, long count, long hash) {

  public BucketDigest(long bucketTicks, int group, long count, long hash) {
    this(new DigestKey(bucketTicks, group), count, hash);
  }
}
