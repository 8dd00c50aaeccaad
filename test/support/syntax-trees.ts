/** Test helper: a copy of a syntax tree without `position` fields, so expectations stay short. */
export function withoutPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPositions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'position')
      .map(([key, item]) => [key, withoutPositions(item)]),
  );
}

/** Test helper: runs `parse` and returns the ODataSyntaxError-like error it throws. */
export function errorOf(parse: () => unknown): { message: string; position: number; option?: string } {
  try {
    parse();
  } catch (error) {
    return error as { message: string; position: number; option?: string };
  }
  throw new Error('expected a syntax error, but parsing succeeded');
}
