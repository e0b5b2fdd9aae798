package io.twinua.server.config;

/**
 * Project-wide security switches. Both default to false: production projects get encrypted
 * endpoints and named users only; the demo project turns them on explicitly.
 *
 * @param allowSecurityPolicyNone also offer a read-only endpoint without security
 * @param allowAnonymous let anonymous sessions in, as read-only viewers
 */
public record SecuritySettings(boolean allowSecurityPolicyNone, boolean allowAnonymous) {

  public static final SecuritySettings SECURE = new SecuritySettings(false, false);
}
