import type { ReadableMessage, SignalFinding, SignalReader, SignalReading } from './conversation-signal.js';

/**
 * Several readers as one, read in parallel. Risk errs to the safe side: a risk sign any reader
 * found counts. The other signals come from the last reader that answered (a judge listed after
 * the rules replaces their reading of redirects, requests and confirmations); the first failure
 * is kept, so the policy honours no ending when any reader could not read.
 */
export class CombinedSignalReader implements SignalReader {
  readonly name: string;
  readonly #readers: readonly SignalReader[];

  constructor(readers: readonly SignalReader[]) {
    if (readers.length === 0) throw new Error('CombinedSignalReader needs at least one reader.');
    this.#readers = readers;
    this.name = readers.map((reader) => reader.name).join('+');
  }

  async read(
    path: readonly ReadableMessage[],
    options: { signal?: AbortSignal } = {},
  ): Promise<SignalReading> {
    const readings = await Promise.all(this.#readers.map((reader) => reader.read(path, options)));
    const answered = readings.filter((reading) => reading.failure === null);
    const risk = readings.flatMap((reading) =>
      reading.findings.filter((finding) => finding.signal.startsWith('risk_')),
    );
    const others = (answered.at(-1)?.findings ?? []).filter((finding) => !finding.signal.startsWith('risk_'));
    return {
      reader: this.name,
      findings: dedupe([...risk, ...others]),
      failure: readings.find((reading) => reading.failure !== null)?.failure ?? null,
    };
  }
}

function dedupe(findings: SignalFinding[]): SignalFinding[] {
  const seen = new Set<string>();
  return findings
    .filter((finding) => {
      const key = `${finding.messageIndex}|${finding.signal}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.messageIndex - b.messageIndex);
}
