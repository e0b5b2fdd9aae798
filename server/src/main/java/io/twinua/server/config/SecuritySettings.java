package io.twinua.server.config;

import java.util.Objects;

/**
 * Project-wide security switches. All default to false: production projects get encrypted
 * endpoints and named users only; the demo project turns some on explicitly.
 *
 * @param allowSecurityPolicyNone also offer a read-only endpoint without security
 * @param allowAnonymous let anonymous sessions in, as read-only viewers
 * @param allowUserNameOnSecurityPolicyNone accept username logins on the None endpoint (the token
 *     still has to be encrypted with the server certificate); false: passwords only on secured
 *     channels, so guessing needs a trusted client certificate
 * @param loginThrottle how failed logins slow down the next ones
 */
public record SecuritySettings(
    boolean allowSecurityPolicyNone,
    boolean allowAnonymous,
    boolean allowUserNameOnSecurityPolicyNone,
    LoginThrottleSettings loginThrottle) {

  public static final SecuritySettings SECURE = new SecuritySettings(false, false);

  public SecuritySettings {
    Objects.requireNonNull(loginThrottle, "loginThrottle");
  }

  /** No username logins on the None endpoint, the default login throttle. */
  public SecuritySettings(boolean allowSecurityPolicyNone, boolean allowAnonymous) {
    this(allowSecurityPolicyNone, allowAnonymous, false, LoginThrottleSettings.DEFAULT);
  }
}
