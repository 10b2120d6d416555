import { readFileSync } from 'node:fs'
import os from 'node:os'

export type Machine = {
  cpu: string
  cores: number
  memoryGiB: number
  node: string
  kernel: string
  date: string
  loadAverage: string
}

export function machine(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown'
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu
  } catch {
    // not Linux: keep os.cpus()
  }
  return {
    cpu: cpu.trim(),
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
    loadAverage: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' / '),
  }
}

export function machineMarkdown(m: Machine): string {
  return [
    `- CPU: ${m.cpu} (/proc/cpuinfo), ${m.cores} cores`,
    `- Memory: ${m.memoryGiB.toFixed(1)} GiB`,
    `- Node ${m.node}, ${m.kernel}`,
    `- Date: ${m.date}`,
    `- Load average (1/5/15 min) when the run started: ${m.loadAverage}`,
  ].join('\n')
}
