import { readFile } from 'node:fs/promises';
import { ConfigError } from '../shared/errors.js';
import { describeSchemaErrors, schemaValidator } from '../shared/json-schema.js';

/**
 * A JSON file a user hands piimap (an estate config, an activities file), read and checked against
 * its schema in catalog-schema/. `kind` names it in messages (`config x.json: …`). Every problem is
 * reported at once, each with its JSON path; `moreProblems` adds checks the schema cannot express.
 */
export async function readCheckedJsonFile(
  kind: string,
  file: string,
  schemaFile: string,
  moreProblems: (parsed: unknown) => string[] = () => [],
): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${kind} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${kind} ${file}: not valid JSON: ${(error as Error).message}`);
  }
  const validate = schemaValidator(schemaFile);
  const problems = [
    ...(validate(parsed) ? [] : describeSchemaErrors(validate.errors, schemaFile)),
    ...moreProblems(parsed),
  ];
  if (problems.length > 0) {
    throw new ConfigError(
      `${kind} ${file}: ${problems.length} problem(s):\n${problems.map((line) => `  ${line}`).join('\n')}\nSee catalog-schema/${schemaFile} for every key.`,
    );
  }
  return parsed;
}
