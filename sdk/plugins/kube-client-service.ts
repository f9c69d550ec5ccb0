/**
 * Token of the control plane's own KubeClient (admin credentials, over the API server's HTTPS
 * endpoint). The host binds it before plugins register, so a plugin can check `isBound` in
 * `register`; it resolves only once the API server serves, that is in `Lifecycle.start`.
 *
 * `Symbol.for` makes it the same symbol wherever it is spelled.
 */
export const KubeClientService = Symbol.for('capstan.dev/KubeClient');
