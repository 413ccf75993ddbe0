/** Build step: writes the person-name lookup lists from faker's locale data (see person-name-lists.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { NAMES_FILE, buildNameLists } from '../detection/validators/person-name-lists.js';

const { given, surnames } = buildNameLists();
mkdirSync(new URL('.', NAMES_FILE), { recursive: true });
writeFileSync(NAMES_FILE, JSON.stringify({ given: [...given].sort(), surnames: [...surnames].sort() }));
