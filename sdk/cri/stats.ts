/** Usage figures of one container at one instant (what metrics-server's summary needs). */
export interface ContainerStats {
  readonly containerId: string;
  readonly timestamp: Date;
  readonly cpu: {
    /** Cumulative CPU time used, in nanoseconds. */
    readonly usageCoreNanoSeconds: number;
  };
  readonly memory: {
    /** Current usage including page cache, in bytes. */
    readonly usageBytes: number;
    /** Usage minus inactive file cache: the figure Kubernetes evicts and autoscales on. */
    readonly workingSetBytes: number;
    /** Resident anonymous memory, when the kernel reports it. */
    readonly rssBytes?: number;
  };
}
