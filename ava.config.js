// ava runs the tsc output (decorators need tsc); `npm test` builds first.
export default {
  files: ['dist/test/**/*.test.js'],
  nodeArguments: ['--enable-source-maps'],
  timeout: '2m',
  concurrency: 2,
  workerThreads: false,
};
