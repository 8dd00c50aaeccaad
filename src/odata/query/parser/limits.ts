/**
 * Deepest nesting (parentheses, function arguments, unary operators, lambdas, nested $expand/$select
 * options) the parser accepts. It keeps hostile input from overflowing the stack; the finer limits
 * (node count, $expand depth) are enforced later by the validator.
 */
export const MAX_DEPTH = 100;
