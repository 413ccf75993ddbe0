/**
 * The sources a queue worker reads, opened on a job's arrival and listed once per scan (adapters
 * describe and sample only what their own listing holds; an asset the listing lacks is looked for
 * once more in a fresh one). A source is closed — its sessions ended — as soon as the worker has no
 * job of it in hand, after a moment in case BullMQ hands it the source's next job straight away:
 * an idle worker holds no connection, so the source's connection limit counts sessions across all
 * workers, not just jobs.
 */
import type { SourceConfig } from '../config/estate-config.js';
import { type SourceServices, openSource } from '../sources/registry.js';
import type { AssetDescriptor, SourceAdapter } from '../sources/source-adapter.js';

/** How long a source stays open without a job: BullMQ hands over the next job within a round trip. */
export const SOURCE_LINGER_MS = 250;

/** One job's hold on an open source. */
export interface SourceLease {
  source: SourceAdapter;
  /** The asset as the source lists it, or undefined if even a fresh listing lacks it. */
  find(name: string): Promise<AssetDescriptor | undefined>;
  release(): void;
}

interface OpenSource {
  source: SourceAdapter;
  jobs: number;
  listedFor?: number;
  listing?: Promise<Map<string, AssetDescriptor>>;
  closeTimer?: NodeJS.Timeout;
}

export class WorkerSources {
  readonly #open = new Map<string, OpenSource>();
  /** Sources being opened (their driver loading): jobs arriving meanwhile share the one opening. */
  readonly #opening = new Map<string, Promise<OpenSource>>();
  readonly #closing = new Set<Promise<void>>();
  readonly #baseDir: string;
  readonly #services: SourceServices;
  readonly #lingerMs: number;

  constructor(baseDir: string, services: SourceServices, lingerMs = SOURCE_LINGER_MS) {
    this.#baseDir = baseDir;
    this.#services = services;
    this.#lingerMs = lingerMs;
  }

  /** Opens the source if this worker has it closed; lists it if not yet listed for `scanId`. */
  async lease(config: SourceConfig, scanId: number): Promise<SourceLease> {
    const open = this.#open.get(config.name) ?? (await this.#openSource(config));
    clearTimeout(open.closeTimer);
    open.jobs++;
    const held = open;
    if (held.listedFor !== scanId) {
      held.listedFor = scanId;
      held.listing = this.#list(held);
    }
    let released = false;
    return {
      source: held.source,
      find: async (name) => {
        const listing = held.listing as Promise<Map<string, AssetDescriptor>>;
        const known = (await listing).get(name);
        if (known !== undefined) return known;
        // Listed before the asset appeared (a table created since): list once more.
        if (held.listing === listing) held.listing = this.#list(held);
        return (await (held.listing ?? listing)).get(name);
      },
      release: () => {
        if (released) return;
        released = true;
        if (--held.jobs === 0)
          held.closeTimer = setTimeout(() => this.#close(config.name, held), this.#lingerMs);
      },
    };
  }

  #openSource(config: SourceConfig): Promise<OpenSource> {
    let opening = this.#opening.get(config.name);
    if (opening === undefined) {
      opening = openSource(config, this.#baseDir, this.#services).then((source) => {
        const open: OpenSource = { source, jobs: 0 };
        this.#open.set(config.name, open);
        return open;
      });
      this.#opening.set(config.name, opening);
      // Settled either way: a source that failed to open is opened afresh by the next job.
      const done = () => {
        if (this.#opening.get(config.name) === opening) this.#opening.delete(config.name);
      };
      opening.then(done, done);
    }
    return opening;
  }

  /** Closes every source now (the worker is stopping). */
  async closeAll(): Promise<void> {
    for (const [name, open] of this.#open) {
      clearTimeout(open.closeTimer);
      this.#close(name, open);
    }
    await Promise.all(this.#closing);
  }

  #list(open: OpenSource): Promise<Map<string, AssetDescriptor>> {
    const listing = open.source.listAssets().then((assets) => new Map(assets.map((a) => [a.name, a])));
    // A listing that failed is not kept: the next job lists again.
    listing.catch(() => {
      if (open.listing === listing) open.listedFor = undefined;
    });
    return listing;
  }

  #close(name: string, open: OpenSource): void {
    if (this.#open.get(name) !== open || open.jobs > 0) return;
    this.#open.delete(name);
    const closing = open.source.close().catch(() => undefined);
    this.#closing.add(closing);
    void closing.finally(() => this.#closing.delete(closing));
  }
}
