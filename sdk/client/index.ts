export * from './api-error.js';
export * from './kube-client.js';
export * from './resource-descriptor.js';
export { resourcePath, withQuery, type QueryParams } from './resource-path.js';
export { loadKubeConfig, kubeTransport, type KubeconfigSource, type KubeTransport } from './kubeconfig-transport.js';
export { HttpKubeClient, createKubeClient, type HttpKubeClientOptions } from './http-kube-client.js';
export { staticTransport, type StaticCredentials } from './static-transport.js';
