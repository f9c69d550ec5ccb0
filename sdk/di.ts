/**
 * The one copy of inversify that Capstan and every plugin share. Plugins import `injectable`,
 * `inject`, `named`, `ContainerModule` and the binding types from here, never from `inversify`
 * itself, so that the host and all plugins agree on one container implementation.
 *
 * Always inject with an explicit token (`@inject(Logger)`); never rely on emitted type metadata.
 */
export * from 'inversify';
