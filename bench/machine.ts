// What the figures were measured on: CPU, cores, memory, Node.js, OS, date, load at the start.
import { cpus, freemem, loadavg, release, totalmem, type } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  os: string;
  date: string;
  load: string;
}

export function describeMachine(): Machine {
  const list = cpus();
  const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory: `${gib(totalmem())} (${gib(freemem())} free)`,
    node: process.version,
    os: `${type()} ${release()}`,
    date: new Date().toISOString(),
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(' / '),
  };
}

export function machineLines(m: Machine): string[] {
  return [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memory}, Node.js ${m.node}, ${m.os}`,
    `date:    ${m.date} · load average (1/5/15 min) at start: ${m.load}`,
  ];
}
