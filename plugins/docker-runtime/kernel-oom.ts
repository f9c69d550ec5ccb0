import { closeSync, constants, openSync, readSync } from 'node:fs';

/**
 * Whether the kernel log records an OOM kill inside the container's memory cgroup
 * (`oom-kill:... task_memcg=/.../<id>`). Docker 20.10 can lose its own OOM event when many
 * containers exit at once, leaving `OOMKilled: false` on a container the kernel killed; this is
 * the fallback. Reads `/dev/kmsg` without blocking (needs root); false when it cannot be read.
 */
export function kernelReportsOomKill(containerId: string, kmsgPath = '/dev/kmsg'): boolean {
  let fd: number;
  try {
    fd = openSync(kmsgPath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return false;
  }
  const buf = Buffer.alloc(16384);
  const pattern = new RegExp(`task_memcg=[^,\\s]*/(docker-)?${containerId}(\\.scope)?(,|\\s|$)`);
  try {
    for (let i = 0; i < 100000; i++) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        // EPIPE: a record was overwritten while reading; go on with the next one.
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') continue;
        return false; // EAGAIN: the end of the buffer
      }
      if (n === 0) return false;
      const record = buf.toString('utf8', 0, n);
      if (record.includes('oom-kill:') && pattern.test(record)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}
