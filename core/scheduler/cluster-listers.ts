import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ClusterListers, PodDisruptionBudget, PriorityClass } from '../../sdk/scheduler/index.js';

/** The non-pod, non-node objects plugins read, kept from informer events. */
export class ClusterObjects implements ClusterListers {
  private readonly pdbs = new Map<string, PodDisruptionBudget>();
  private readonly priorityClasses = new Map<string, PriorityClass>();
  private readonly namespaces = new Map<string, Record<string, string>>();
  private pdbList: PodDisruptionBudget[] | undefined;

  setPdb(pdb: PodDisruptionBudget): void {
    this.pdbs.set(`${pdb.metadata.namespace}/${pdb.metadata.name}`, pdb);
    this.pdbList = undefined;
  }
  deletePdb(pdb: PodDisruptionBudget): void {
    this.pdbs.delete(`${pdb.metadata.namespace}/${pdb.metadata.name}`);
    this.pdbList = undefined;
  }
  setPriorityClass(pc: PriorityClass): void {
    this.priorityClasses.set(pc.metadata.name!, pc);
  }
  deletePriorityClass(pc: PriorityClass): void {
    this.priorityClasses.delete(pc.metadata.name!);
  }
  setNamespace(ns: KubeObject): void {
    this.namespaces.set(ns.metadata.name!, ns.metadata.labels ?? {});
  }
  deleteNamespace(ns: KubeObject): void {
    this.namespaces.delete(ns.metadata.name!);
  }

  podDisruptionBudgets(): readonly PodDisruptionBudget[] {
    return (this.pdbList ??= [...this.pdbs.values()]);
  }
  priorityClass(name: string): PriorityClass | undefined {
    return this.priorityClasses.get(name);
  }
  namespaceLabels(namespace: string): Record<string, string> | undefined {
    return this.namespaces.get(namespace);
  }
}
