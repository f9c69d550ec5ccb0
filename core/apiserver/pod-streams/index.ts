export { registerPodStreamHandlers, chooseContainer, type PodStreamProviders } from './pod-stream-handlers.js';
export { SpdySession, SpdyStream, spdyOverDuplex } from './spdy-session.js';
export { spdyDictionary } from './spdy-dictionary.js';
export { servePortForward } from './port-forward-session.js';
export { bridgeChannels, channelProtocols, exitStatus } from './channel-streams.js';
