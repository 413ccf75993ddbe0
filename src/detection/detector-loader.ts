import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, DetectorDefinitionError } from '../shared/errors.js';
import { describeSchemaErrors, schemaValidator } from '../shared/json-schema.js';
import type { DetectorDefinition, LoadedDetector } from './detector-definition.js';

export const BUILTIN_DETECTORS_DIR = fileURLToPath(new URL('../../detectors/', import.meta.url));

export interface LoadDetectorsOptions {
  /** Extra folders of `<id>.json` files (config `detectors.paths`, `--detectors DIR`). */
  paths?: readonly string[];
  /** Only these ids (after loading everything, so a bad file is still reported). */
  enable?: readonly string[];
  disable?: readonly string[];
}

/**
 * Built-in detectors, then each extra folder in order. A user detector with a built-in's id
 * replaces it (and says so); the same id twice among user folders is an error. User detectors are
 * compiled once here, so a pattern RE2 rejects (a backreference) fails at load, naming its file.
 */
export async function loadDetectors(options: LoadDetectorsOptions = {}): Promise<LoadedDetector[]> {
  const byId = new Map<string, LoadedDetector>();
  for (const detector of await loadFolder(BUILTIN_DETECTORS_DIR, true))
    byId.set(detector.definition.id, detector);
  for (const folder of options.paths ?? []) {
    for (const detector of await loadFolder(resolve(folder), false)) {
      const existing = byId.get(detector.definition.id);
      if (existing !== undefined && !existing.builtIn) {
        throw new DetectorDefinitionError(
          `detector ${detector.definition.id}: defined twice, in ${existing.file} and ${detector.file}; rename one`,
        );
      }
      byId.set(detector.definition.id, existing ? { ...detector, overrides: existing.file } : detector);
    }
  }
  const user = [...byId.values()].filter((detector) => !detector.builtIn);
  if (user.length > 0) {
    // Loaded only for user files: the built-in ones are checked by the test suite.
    const { checkDetector } = await import('./compile-detectors.js');
    for (const detector of user) checkDetector(detector);
  }
  return selectDetectors([...byId.values()], options);
}

function selectDetectors(
  all: LoadedDetector[],
  { enable = [], disable = [] }: LoadDetectorsOptions,
): LoadedDetector[] {
  const known = new Set(all.flatMap((d) => [d.definition.id, d.definition.type]));
  for (const name of [...enable, ...disable]) {
    if (!known.has(name)) {
      throw new ConfigError(
        `detector or type "${name}" is not loaded (check --types, detectors.enable, detectors.disable); loaded detectors: ${[...new Set(all.map((d) => d.definition.id))].sort().join(', ')}`,
      );
    }
  }
  const picks = (d: LoadedDetector, names: readonly string[]) =>
    names.includes(d.definition.id) || names.includes(d.definition.type);
  return all
    .filter((d) => (enable.length === 0 || picks(d, enable)) && !picks(d, disable))
    .sort((a, b) => a.definition.id.localeCompare(b.definition.id));
}

async function loadFolder(folder: string, builtIn: boolean): Promise<LoadedDetector[]> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ConfigError(
      `detectors path ${folder}: not a directory; point detectors.paths / --detectors at a folder of <id>.json files`,
    );
  }
  const files = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(files.map((name) => loadDetectorFile(join(folder, name), builtIn)));
}

export async function loadDetectorFile(file: string, builtIn = false): Promise<LoadedDetector> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DetectorDefinitionError(`detector file ${file}: not valid JSON: ${(error as Error).message}`);
  }
  const validate = schemaValidator('detector.schema.json');
  if (!validate(parsed)) {
    const problems = describeSchemaErrors(validate.errors, 'detector.schema.json');
    throw new DetectorDefinitionError(`detector file ${file}: ${problems.join('; ')}`);
  }
  const definition = parsed as DetectorDefinition;
  const expectedId = basename(file, '.json');
  if (definition.id !== expectedId) {
    throw new DetectorDefinitionError(
      `detector file ${file}: id: "${definition.id}" must equal the file name "${expectedId}"; rename the file or the id`,
    );
  }
  return { definition, file, builtIn };
}
