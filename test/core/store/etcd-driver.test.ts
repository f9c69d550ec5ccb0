import anyTest from 'ava';
import { EtcdStore } from '../../../core/store/etcd-driver.js';
import { etcdAvailable, startEtcd, type EtcdServer } from '../../helpers/etcd-server.js';
import { whenAvailable } from '../../helpers/e2e-requirement.js';
import { storeConformance } from './conformance.js';

const test = whenAvailable(anyTest, etcdAvailable(), 'etcd is not installed (scripts/setup-host.sh installs it)');
let etcd: EtcdServer | undefined;
let n = 0;

test.before(async () => {
  if (etcdAvailable()) etcd = await startEtcd();
});
test.after.always(async () => {
  await etcd?.stop();
});

// One etcd for the file; each test gets its own key prefix, so tests cannot see each other's keys.
storeConformance(test, 'etcd', {
  open: async () => new EtcdStore([etcd!.endpoints], `/t${n++}`),
  dispose: (s) => s.close(),
});
