/**
 * Rootless mode: an ordinary user's Stevedore runs as root of a user namespace of its own, with
 * the user's subordinate ids mapped ({@link dev.stevedore.rootless.NamespaceLauncher}). Only the
 * way in lives here; inside, the engine is the one root runs, told by
 * {@link dev.stevedore.linux.UserNamespace} where overlay and runc need the namespace's rules.
 */
package dev.stevedore.rootless;
