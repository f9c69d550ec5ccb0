import { obj, objects, str } from './field-access.js';

/** The `Containers` and `Images` cells of a pod template: names and images joined with `,`. */
export function containerCells(podSpec: unknown): [names: string, images: string] {
  const containers = objects(obj(podSpec).containers);
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(',')];
}
