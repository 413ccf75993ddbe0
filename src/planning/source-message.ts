/** Source errors name their source first (`source crm: cannot connect …`); a line that names it already drops that. */
export function withoutSourcePrefix(source: string, message: string): string {
  const prefix = `source ${source}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
