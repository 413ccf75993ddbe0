/**
 * libphonenumber-js with its full (`max`) metadata, from the package's single-file build.
 *
 * `import 'libphonenumber-js/max'` loads 93 ES modules: ~45 ms of every start-up, in the main thread
 * and again in each detection thread. The package's `bundle/libphonenumber-max.js` is the same
 * version's code and the same metadata in one file, and loads in ~10 ms; parses give the same
 * results at the same speed. It is a UMD script that the package's `exports` do not list (and that,
 * imported as an ES module, would only set `globalThis.libphonenumber`), so it is evaluated here as
 * CommonJS would run it: with an `exports` object of its own. The types are those of
 * 'libphonenumber-js/max'.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';

type Libphonenumber = typeof import('libphonenumber-js/max');
type UmdFactory = (exports: object, module: { exports: object }) => void;

function loadBundle(): Libphonenumber {
  const packageJson = createRequire(import.meta.url).resolve('libphonenumber-js/package.json');
  const file = join(dirname(packageJson), 'bundle', 'libphonenumber-max.js');
  const source = readFileSync(file, 'utf8');
  const run = runInThisContext(`(function (exports, module) {${source}\n})`, {
    filename: file,
  }) as UmdFactory;
  const exports = {};
  run(exports, { exports });
  return exports as Libphonenumber;
}

export const { Metadata, getCountries, getCountryCallingCode, parsePhoneNumberFromString } = loadBundle();
