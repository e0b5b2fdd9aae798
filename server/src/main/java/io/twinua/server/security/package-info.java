/**
 * Station security: the station's PKI (application instance certificate, trust lists, rejected
 * certificates), the project CA that issues certificates for stations and clients, users and
 * roles from {@code users.yaml}, and the Milo identity/role glue.
 *
 * <p>Entry points: {@link io.twinua.server.security.StationPki}, {@link
 * io.twinua.server.security.StationEndpoints}, {@link
 * io.twinua.server.security.StationIdentityValidator}, {@link
 * io.twinua.server.security.StationRoleMapper}, {@link io.twinua.server.security.StationRoles},
 * {@link io.twinua.server.security.UserDirectory}, {@link io.twinua.server.security.ProjectCa} and
 * {@link io.twinua.server.security.PkiAdmin}.
 */
package io.twinua.server.security;
