import { cpus, totalmem } from 'node:os';

export interface Machine {
  cpus: number;
  model: string;
  memoryGb: number;
  node: string;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpus: list.length,
    model: list[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}
